using System.Text.RegularExpressions;
using Afterglow.Domain.Messaging;

namespace Afterglow.App.Sms.China;

/// <summary>
/// What a mainland provider refuses, checked before a message is stored (china-sms-notes §1.3, §2.3):
/// Aliyun variables 1–35 characters (https://help.aliyun.com/document_detail/44357.html), Tencent 12 for individual
/// accounts (https://tencentcloud.com/zh/document/product/382/40659; enterprise accounts may set Sms__MaxVariableLength);
/// no links in variables (both; Tencent ProhibitedUseUrlInTemplateParameter); 【】 only around the signature; the
/// signature plus text at most 500 characters. Marketing templates end with the opt-out wording the provider asks for.
/// </summary>
public sealed partial record ProviderRules(string Provider, string DisplayName, int MaxVariableLength, string OptOutWording)
{
    public const int MaxLength = 500;

    public static ProviderRules For(string provider, int? maxVariableLength) => provider switch
    {
        SmsGateways.Aliyun => new(provider, "Alibaba Cloud SMS", maxVariableLength ?? 35, "拒收请回复R"),
        // Tencent's FAQ accepts TD/T/N as opt-out replies (https://cloud.tencent.com/document/product/382/13301); wording [unverified].
        SmsGateways.Tencent => new(provider, "Tencent Cloud SMS", maxVariableLength ?? 12, "拒收请回复R"),
        _ => throw new ArgumentException($"No rules for {provider}.", nameof(provider)),
    };

    /// <summary>Why this value would be refused as a template variable, or null.</summary>
    public string? CheckVariable(string name, string value)
    {
        if (value.Length == 0) return $"variable {name} is empty; {DisplayName} needs 1–{MaxVariableLength} characters";
        if (value.Length > MaxVariableLength) return $"variable {name} is {value.Length} characters; {DisplayName} allows at most {MaxVariableLength}";
        if (Link().IsMatch(value)) return $"variable {name} contains a link; {DisplayName} refuses links in variables";
        if (value.IndexOfAny(['【', '】']) >= 0) return $"variable {name} contains 【】, which only the signature may use";
        return null;
    }

    /// <summary>Why this template text could not be registered, or null: no 【】, ≤500 characters, variables never side by side.</summary>
    public string? CheckTemplate(string text)
    {
        if (text.IndexOfAny(['【', '】']) >= 0) return "the text contains 【】, which only the signature may use";
        if (text.Length > MaxLength) return $"the text is {text.Length} characters; at most {MaxLength}";
        if (Adjacent().IsMatch(text)) return "two variables stand side by side; put text between them";
        if (TemplateText.ParametersOf(text).Count == 0 && text.Trim().Length == 0) return "the text is empty";
        return null;
    }

    [GeneratedRegex(@"https?://|www\.|\b[a-z0-9-]+\.(com|cn|net|org|top|xyz|info|io|me|cc|vip|ltd|site|shop)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"\}\s*\{")]
    private static partial Regex Adjacent();
}
