using System.Globalization;
using System.Text.RegularExpressions;

namespace Afterglow.Domain.Registry;

/// <summary>What a date cell held: a whole date, a month whose day a person must complete, or nothing readable.</summary>
public enum DateReading { Date, MonthOnly, Invalid }

/// <summary>
/// Dates as offices write them: 1942年3月5日, 1942.3.5, 1942-3-5, 1942/03/05, 19420305, 1942-03-05 00:00:00,
/// an Excel serial day number (15405), and a month alone (1942年3月, 1942.03) which is read but flagged.
/// </summary>
public static partial class OfficeDate
{
    // Excel's day 0 is 1899-12-30 once past its phantom 1900-02-29 (serial 60); offices' dates are all later.
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    public static (DateReading Reading, DateOnly Date) Read(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length == 0) return (DateReading.Invalid, default);
        s = s.Replace('．', '.').Replace('－', '-').Replace('／', '/');

        if (Full().Match(s) is { Success: true } m)
            return Make(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value);
        if (Compact().Match(s) is { Success: true } c)
            return Make(c.Groups["y"].Value, c.Groups["m"].Value, c.Groups["d"].Value);
        if (Month().Match(s) is { Success: true } mo
            && int.TryParse(mo.Groups["y"].ValueSpan, out var y) && int.TryParse(mo.Groups["m"].ValueSpan, out var mm) && y is >= 1800 and <= 2200 && mm is >= 1 and <= 12)
            return (DateReading.MonthOnly, new DateOnly(y, mm, 1));
        if (s.Length == 5 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial > 60)
            return (DateReading.Date, ExcelEpoch.AddDays(serial));
        return (DateReading.Invalid, default);
    }

    /// <summary>The day number Excel stores for a date (what a date-formatted cell holds).</summary>
    public static DateOnly FromExcelSerial(double serial, bool date1904 = false) =>
        date1904 ? new DateOnly(1904, 1, 1).AddDays((int)Math.Floor(serial)) : ExcelEpoch.AddDays((int)Math.Floor(serial));

    private static (DateReading, DateOnly) Make(string y, string m, string d) =>
        int.TryParse(y, out var year) && int.TryParse(m, out var month) && int.TryParse(d, out var day)
        && year is >= 1800 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? (DateReading.Date, new DateOnly(year, month, day))
            : (DateReading.Invalid, default);

    // A time of day after the date (Excel's "1942-03-05 00:00:00", "1942/3/5 0:00") is allowed and dropped.
    [GeneratedRegex(@"^(?<y>\d{4})\s*(?:年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]?|[-./]\s*(?<m>\d{1,2})\s*[-./]\s*(?<d>\d{1,2}))(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")]
    private static partial Regex Full();

    [GeneratedRegex(@"^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$")]
    private static partial Regex Compact();

    [GeneratedRegex(@"^(?<y>\d{4})\s*(?:年\s*(?<m>\d{1,2})\s*月?|[-./]\s*(?<m>\d{1,2})|(?<m>\d{2}))$")]
    private static partial Regex Month();
}
