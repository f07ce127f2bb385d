using PhoneNumbers;

namespace Afterglow.Domain.Phones;

/// <summary>What a number is for, which decides the kinds of line it may be.</summary>
public enum PhoneUse
{
    /// <summary>Gets SMS (a retiree's mobile, a volunteer, an emergency contact): a mobile line.</summary>
    Mobile,
    /// <summary>A landline field: a fixed line (or a number the plan cannot tell from a mobile, as in the US).</summary>
    Landline,
    /// <summary>Only called, never texted: any real line.</summary>
    Any,
}

/// <summary>Phones are stored as E.164. Input may use full-width digits, spaces, dashes, dots and brackets; never letters.</summary>
public sealed class PhoneNumberRules(string defaultRegion)
{
    // Loading every region's metadata takes a few hundred milliseconds: do it on first use, not at start-up.
    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();
    private const int MaxInput = 40;

    public string DefaultRegion { get; } = defaultRegion;

    /// <summary>Any valid number (what a number typed to look up a phone must be).</summary>
    public bool TryNormalize(string? input, out string e164) => TryNormalize(input, PhoneUse.Any, out e164);

    public bool TryNormalize(string? input, PhoneUse use, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInput) return false;
        var text = ToHalfWidth(input.Trim());
        // libphonenumber reads letters as keypad digits (1-800-FLOWERS); a typo must not become someone's number.
        if (!text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+')) return false;
        if (text.LastIndexOf('+') > 0) return false;
        try
        {
            var number = Util.Parse(text, DefaultRegion);
            if (!Util.IsValidNumber(number) || !Fits(Util.GetNumberType(number), use)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// A stored number as people in the office dial it: the national form for the office's own country, a trunk-prefixed
    /// area code joined by a hyphen as written on Chinese cards and letterheads ("0731-8895 8388", "010-6275 1234";
    /// mobiles have no prefix: "138 0013 8000"); the international form, spaced, for any other country
    /// ("+852 9123 4567"). Anything unparseable is shown as stored. The dashboard uses the same rule (formatPhone in
    /// web/src/format.ts); web/src/phone.cases.json holds the cases both test.
    /// </summary>
    public string Display(string? e164)
    {
        if (string.IsNullOrWhiteSpace(e164)) return "";
        try
        {
            var number = Util.Parse(e164, DefaultRegion);
            if (number.CountryCode != Util.GetCountryCodeForRegion(DefaultRegion))
                return Util.Format(number, PhoneNumberFormat.INTERNATIONAL).Replace('-', ' ');
            var national = Util.Format(number, PhoneNumberFormat.NATIONAL);
            var space = national.IndexOf(' ');
            return national.StartsWith('0') && space > 0 ? national[..space] + "-" + national[(space + 1)..] : national;
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>What a tel: link dials: national digits at home (a mobile's dialer needs no country code), E.164 abroad.</summary>
    public string Dial(string? e164)
    {
        var shown = Display(e164);
        return shown.StartsWith('+') ? e164 ?? "" : new string(shown.Where(char.IsAsciiDigit).ToArray());
    }

    private static bool Fits(PhoneNumberType type, PhoneUse use) => use switch
    {
        PhoneUse.Mobile => type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneUse.Landline => type is PhoneNumberType.FIXED_LINE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.VOIP,
        _ => type is not (PhoneNumberType.PREMIUM_RATE or PhoneNumberType.UNKNOWN),
    };

    /// <summary>For logs: a number with all but its last two digits hidden, enough to tell two apart, not to call one.</summary>
    public static string Mask(string? phone) =>
        string.IsNullOrEmpty(phone) ? "" : new string(phone.Select((c, i) => char.IsAsciiDigit(c) && i < phone.Length - 2 ? '*' : c).ToArray());

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
