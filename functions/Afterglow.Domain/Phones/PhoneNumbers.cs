using PhoneNumbers;

namespace Afterglow.Domain.Phones;

/// <summary>Phones are stored as E.164. Input may use full-width digits, spaces and dashes.</summary>
public sealed class PhoneNumberRules(string defaultRegion)
{
    // Loading every region's metadata takes a few hundred milliseconds: do it on first use, not at start-up.
    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();

    public string DefaultRegion { get; } = defaultRegion;

    public bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        var text = ToHalfWidth(input.Trim());
        try
        {
            var number = Util.Parse(text, DefaultRegion);
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>Full-width digits and symbols (０-９, ＋, －, 　) to ASCII.</summary>
    public static string ToHalfWidth(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c >= '\uFF01' && c <= '\uFF5E') chars[i] = (char)(c - 0xFEE0);
            else if (c == '\u3000') chars[i] = ' ';
        }
        return new string(chars);
    }
}
