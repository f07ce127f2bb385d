using Afterglow.Domain.Phones;

namespace Afterglow.Domain.Messaging;

/// <summary>Keywords that mean something to the SMS channel itself, before any care or inbox meaning.</summary>
public enum SmsKeyword { None, Stop, Start, Help }

/// <summary>
/// STOP/退订 opts out, START opts back in, HELP/求助 is an urgent call for help (our people are retirees, not
/// customers asking for a program brief). Matched on the whole reply, case- and width-insensitively, with the
/// trailing punctuation people type.
/// </summary>
public static class SmsKeywords
{
    private static readonly Dictionary<string, SmsKeyword> Words = new(StringComparer.Ordinal)
    {
        ["STOP"] = SmsKeyword.Stop, ["STOPALL"] = SmsKeyword.Stop, ["UNSUBSCRIBE"] = SmsKeyword.Stop, ["CANCEL"] = SmsKeyword.Stop,
        ["END"] = SmsKeyword.Stop, ["QUIT"] = SmsKeyword.Stop, ["退订"] = SmsKeyword.Stop, ["TD"] = SmsKeyword.Stop,
        ["START"] = SmsKeyword.Start, ["UNSTOP"] = SmsKeyword.Start, ["订阅"] = SmsKeyword.Start, ["恢复"] = SmsKeyword.Start,
        ["HELP"] = SmsKeyword.Help, ["求助"] = SmsKeyword.Help, ["救命"] = SmsKeyword.Help, ["SOS"] = SmsKeyword.Help,
    };

    public static SmsKeyword Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SmsKeyword.None;
        var t = PhoneNumberRules.ToHalfWidth(text).Trim().TrimEnd('.', '!', '。', '！', '~', '?', '？').Trim().ToUpperInvariant();
        return Words.GetValueOrDefault(t, SmsKeyword.None);
    }
}
