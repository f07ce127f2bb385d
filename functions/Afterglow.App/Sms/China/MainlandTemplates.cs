using Afterglow.App.Messages;
using Afterglow.Domain.Messaging;

namespace Afterglow.App.Sms.China;

/// <summary>One Afterglow template in one language as registered with the provider: its code and variables in the provider's order.</summary>
public sealed record TemplateRegistration(string TemplateId, string Language, string? Code, IReadOnlyList<ProviderVariable> Variables, bool Marketing, string ProviderText);

/// <summary>A provider variable ("name" for Aliyun's ${name}, "1" for Tencent's {1}) and the Afterglow parameter that fills it.</summary>
public sealed record ProviderVariable(string Name, string Parameter);

/// <summary>
/// Mainland SMS carries a registered signature and approved templates only (DESIGN D3). Each template and language
/// maps to a provider code in configuration, Sms__Registrations__{template}__{zh|en}__Code (a "." in the id may be
/// written "_"), and optionally __Variables ("providerName=parameter,…"; by default the text's own parameters in
/// order). This works out the registration, checks a message against the provider's rules before it is queued,
/// splits staff-typed text into as many messages as the rules need, and shows the text as the phone will.
/// </summary>
public sealed partial class MainlandTemplates(SmsOptions options, IConfiguration config)
{
    /// <summary>The greeting is promotional in the carriers' classes, so it carries the opt-out wording [inference].</summary>
    public static readonly IReadOnlySet<string> MarketingTemplates = new HashSet<string>(StringComparer.Ordinal) { SmsTemplates.Birthday };
    /// <summary>Templates whose only free parameter is staff-typed text: split rather than refused.</summary>
    public const string TextParameter = "text";

    public ProviderRules? Rules { get; } = options.Rules is { } r ? ProviderRules.For(r, options.MaxVariableLength) : null;

    public static string LanguageKey(SmsTemplate template, string language) =>
        language.StartsWith("en", StringComparison.OrdinalIgnoreCase) && template.En.Length > 0 ? "en" : "zh";

    public static IReadOnlyList<string> Languages(SmsTemplate template) => template.En.Length > 0 ? ["zh", "en"] : ["zh"];

    public TemplateRegistration Registration(SmsTemplate template, string languageKey, string? provider = null)
    {
        provider ??= Rules?.Provider ?? SmsGateways.Aliyun;
        var text = WithoutSender(languageKey == "en" ? template.En : template.ZhCn);
        var section = Section(template.Id, languageKey);
        // One provider variable per occurrence (Aliyun wants each ${…} once; Tencent numbers them in order): {name}…{name} → ${name}…${name_2}.
        var occurrences = Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var variables = section?["Variables"] is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2) is [var n, var p] ? new ProviderVariable(n.Trim(), p.Trim()) : new ProviderVariable(v, v)).ToList()
            : occurrences.Select((p, i) =>
            {
                seen[p] = seen.GetValueOrDefault(p) + 1;
                return new ProviderVariable(provider == SmsGateways.Tencent ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : seen[p] == 1 ? p : $"{p}_{seen[p]}", p);
            }).ToList();
        var marketing = MarketingTemplates.Contains(template.Id);
        var index = 0;
        var providerText = Placeholder().Replace(text, m =>
        {
            // The i-th occurrence takes the i-th variable for that parameter.
            var forParameter = variables.Where(v => v.Parameter == m.Groups[1].Value).ToList();
            var nth = occurrences.Take(index++).Count(o => o == m.Groups[1].Value);
            if (forParameter.Count == 0) return m.Value;
            var name = forParameter[Math.Min(nth, forParameter.Count - 1)].Name;
            return provider == SmsGateways.Tencent ? "{" + name + "}" : "${" + name + "}";
        }) + (marketing ? ProviderRules.For(provider, null).OptOutWording : "");
        return new TemplateRegistration(template.Id, languageKey, section?["Code"] is { Length: > 0 } code ? code.Trim() : null, variables, marketing, providerText);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    private IConfigurationSection? Section(string templateId, string languageKey)
    {
        foreach (var id in new[] { templateId, templateId.Replace('.', '_') })
        {
            var s = config.GetSection($"Sms:Registrations:{id}:{languageKey}");
            if (s.Exists()) return s;
        }
        return null;
    }

    /// <summary>Templates and languages with no provider code ("checkin.ask (zh)"); empty when no mainland rules apply.</summary>
    public IReadOnlyList<string> Unregistered(IEnumerable<SmsTemplate> templates) => Rules is null ? [] :
        templates.SelectMany(t => Languages(t).Where(l => Registration(t, l).Code is null).Select(l => $"{t.Id} ({l})")).ToList();

    /// <summary>
    /// The text exactly as the phone shows it. Under mainland rules the registered signature comes first in 【】 and takes
    /// the place of a sender the template names that way ("【{office}】…"), and marketing ends with the opt-out wording.
    /// </summary>
    public string PhoneText(SmsTemplate template, string language, IReadOnlyDictionary<string, string> parameters) => Rules is null
        ? TemplateText.Render(template.TextFor(language), parameters)
        : $"【{options.SignName}】{TemplateText.Render(WithoutSender(template.TextFor(language)), parameters)}{(MarketingTemplates.Contains(template.Id) ? Rules.OptOutWording : "")}";

    /// <summary>A template's text without a leading 【sender】: mainland carriers allow 【】 only around the signature.</summary>
    public static string WithoutSender(string text) =>
        text.StartsWith('【') && text.IndexOf('】', StringComparison.Ordinal) is var end and > 0 ? text[(end + 1)..].TrimStart() : text;

    /// <summary>Mainland providers count characters, signature included: 70 in one SMS, 67 a part beyond (china-sms-notes §1.3).</summary>
    public SmsLength Measure(string phoneText) => Rules is null ? SmsSegments.Measure(phoneText)
        : new SmsLength(SmsEncoding.Ucs2, phoneText.Length, phoneText.Length <= 70 ? 1 : (phoneText.Length + 66) / 67);

    /// <summary>Why the provider would refuse this message, or null. Checked when it is queued, never at the gateway.</summary>
    public string? Refusal(SmsTemplate template, string language, IReadOnlyDictionary<string, string> parameters)
    {
        if (Rules is not { } rules) return null;
        var key = LanguageKey(template, language);
        var registration = Registration(template, key);
        if (registration.Code is null)
            return $"The template {template.Id} ({key}) has no {rules.DisplayName} template code: set Sms__Registrations__{template.Id.Replace('.', '_')}__{key}__Code.";
        foreach (var v in registration.Variables)
        {
            if (!parameters.TryGetValue(v.Parameter, out var value)) return $"The template {template.Id} ({key}) needs the parameter {v.Parameter}.";
            if (rules.CheckVariable(v.Name, value) is { } why) return $"{rules.DisplayName} would refuse {template.Id} ({key}): {why}.";
        }
        var phone = PhoneText(template, language, parameters);
        return phone.Length > ProviderRules.MaxLength ? $"{rules.DisplayName} would refuse {template.Id} ({key}): {phone.Length} characters with the signature; at most {ProviderRules.MaxLength}." : null;
    }

    /// <summary>
    /// Staff-typed text longer than one variable may hold becomes numbered parts, "(1/3)…", each within the limit;
    /// anything else is one message. Parts are cut between characters, never inside a surrogate pair.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Split(SmsTemplate template, IReadOnlyDictionary<string, string> parameters)
    {
        if (Rules is not { } rules || !parameters.TryGetValue(TextParameter, out var text) || text.Length <= rules.MaxVariableLength) return [parameters];
        for (var parts = 2; ; parts++)
        {
            var room = rules.MaxVariableLength - $"({parts}/{parts})".Length;
            if (room < 1) return [parameters]; // cannot be split this small: refused with its reason
            var pieces = Cut(text, room);
            if (pieces.Count > parts) continue;
            return pieces.Select((p, i) => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(parameters, StringComparer.Ordinal)
                { [TextParameter] = $"({i + 1}/{pieces.Count}){p}" }).ToList();
        }
    }

    private static List<string> Cut(string text, int room)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(room, text.Length - start);
            if (length < text.Length - start && char.IsHighSurrogate(text[start + length - 1])) length--;
            pieces.Add(text.Substring(start, length));
            start += length;
        }
        return pieces;
    }
}
