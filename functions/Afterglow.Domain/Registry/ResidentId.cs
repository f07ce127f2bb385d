using System.Globalization;

namespace Afterglow.Domain.Registry;

/// <summary>
/// The mainland resident identity number (居民身份证号码, GB 11643-1999): 6 digits of region, the birth date as
/// YYYYMMDD, 3 digits of sequence and an ISO 7064 MOD 11-2 check character (0–9 or X). The old 15-digit form
/// has the birth date as YYMMDD (19YY) and no check character.
/// </summary>
public static class ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>True when the value has the shape of a resident ID number (so it must then be a valid one).</summary>
    public static bool LooksLikeOne(string value) =>
        (value.Length is >= 15 and <= 18 && value[..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(value[^1]) || value[^1] is 'X' or 'x'));

    /// <summary>Null when valid; else why not. The birth date inside must be real, not in the future, and match <paramref name="birthDate"/> when given.</summary>
    public static string? Check(string value, DateOnly today, DateOnly? birthDate = null)
    {
        DateOnly born;
        if (value.Length == 18)
        {
            if (!value[..17].All(char.IsAsciiDigit)) return "An 18-character ID number has 17 digits and then a digit or X.";
            var sum = 0;
            for (var i = 0; i < 17; i++) sum += (value[i] - '0') * Weights[i];
            if (char.ToUpperInvariant(value[17]) != CheckChars[sum % 11]) return "The ID number's check character is wrong; check for a typo.";
            if (!DateOnly.TryParseExact(value.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out born))
                return "The birth date inside the ID number is not a real date.";
        }
        else if (value.Length == 15)
        {
            if (!value.All(char.IsAsciiDigit)) return "A 15-digit ID number has only digits.";
            if (!DateOnly.TryParseExact("19" + value.Substring(6, 6), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out born))
                return "The birth date inside the ID number is not a real date.";
        }
        else return "A resident ID number has 18 characters (or 15 digits in the old form).";

        if (value[..6].All(c => c == '0')) return "The ID number's region code is not real.";
        if (born > today || born.Year < 1880) return "The birth date inside the ID number is not possible.";
        if (birthDate is { } b && b != default && b != born) return $"The ID number says born {born:yyyy-MM-dd}, not {b:yyyy-MM-dd}.";
        return null;
    }
}
