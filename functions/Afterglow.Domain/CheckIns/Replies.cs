using System.Text.RegularExpressions;
using Afterglow.Domain.Phones;

namespace Afterglow.Domain.CheckIns;

/// <summary>What an SMS reply means to the care engine.</summary>
public enum ReplyKind
{
    Unknown,
    /// <summary>1: I am well.</summary>
    Well,
    /// <summary>2: not feeling well — a call-back today, no alarm.</summary>
    Unwell,
    /// <summary>3 / HELP / 求助: need help now.</summary>
    Help,
    /// <summary>OK [code]: I have reached them.</summary>
    Acknowledge,
    /// <summary>NO [code]: I cannot reach them (or, from a contact with nothing open, "no" to being an emergency contact).</summary>
    Decline,
    /// <summary>YES: agrees to be an emergency contact.</summary>
    ConsentYes,
    /// <summary>STOP / 退订: withdraws as an emergency contact.</summary>
    ConsentNo,
}

public sealed record ParsedReply(ReplyKind Kind, string? Code = null);

/// <summary>
/// Graded answers as Japan Post's daily call takes them (1 well, 2 unwell, 3 help), acknowledgements with or
/// without the incident's code, and consent words — in the forms people actually type on old phones
/// (full-width digits, Chinese words, trailing punctuation).
/// </summary>
public static partial class ReplyParser
{
    public static ParsedReply Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new(ReplyKind.Unknown);
        var t = PhoneNumberRules.ToHalfWidth(text).Trim().TrimEnd('.', '!', '。', '！', '~').Trim().ToUpperInvariant();
        t = Spaces().Replace(t, " ");
        if (Ack().Match(t) is { Success: true } a) return new(ReplyKind.Acknowledge, a.Groups["code"].Success ? a.Groups["code"].Value : null);
        if (Decline().Match(t) is { Success: true } d) return new(ReplyKind.Decline, d.Groups["code"].Success ? d.Groups["code"].Value : null);
        return t switch
        {
            "1" or "一" or "平安" => new(ReplyKind.Well),
            "2" or "二" or "不舒服" => new(ReplyKind.Unwell),
            "3" or "三" or "HELP" or "求助" or "救命" or "SOS" => new(ReplyKind.Help),
            "YES" or "Y" or "是" or "同意" => new(ReplyKind.ConsentYes),
            "STOP" or "退订" or "TD" or "不同意" => new(ReplyKind.ConsentNo),
            _ => new(ReplyKind.Unknown),
        };
    }

    [GeneratedRegex(@"^(OK|好|收到|已联系)\s?(?<code>\d{4})?$")]
    private static partial Regex Ack();

    [GeneratedRegex(@"^(NO|N|不行|联系不上|无法联系)\s?(?<code>\d{4})?$")]
    private static partial Regex Decline();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
