using Afterglow.Domain.Registry;

namespace Afterglow.Domain.Subsidies;

/// <summary>A hardship level from a month on (level 0: none from then).</summary>
public sealed record HardshipPeriod(int Level, string From, string Reason, string SetBy, DateTimeOffset SetAt);

/// <summary>What the calculator needs of a retiree.</summary>
public sealed record SubsidyPerson(string Id, DateOnly BirthDate, RetireeStatus Status, DateOnly? DeceasedOn, IReadOnlyList<HardshipPeriod> Hardship);

/// <summary>One month's entitlement: the longevity band (if any), the hardship level (if any), and the month's amount.</summary>
public sealed record MonthEntitlement(int Year, int Month, LongevityBand? Band, int HardshipLevel, decimal Longevity, decimal HardshipAmount)
{
    public decimal Total => Longevity + HardshipAmount;
    public bool Any => Band is not null || HardshipLevel > 0;
}

/// <summary>
/// Who is entitled to what, month by month (ADR 0017b). A band starts in the month of the birthday that reaches
/// its age; a month's amount is a twelfth of the yearly one; payment runs to the month of death and stops for a
/// record archived (moved away) or deceased without a date. A year is the sum of its months.
/// </summary>
public static class SubsidyCalculator
{
    public static string MonthKey(int year, int month) => $"{year:D4}-{month:D2}";

    public static MonthEntitlement For(SubsidyRules rules, SubsidyPerson p, int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        if (!Paid(p, new DateOnly(year, month, 1))) return new(year, month, null, 0, 0, 0);
        var age = last.Year - p.BirthDate.Year - (last < p.BirthDate.AddYears(last.Year - p.BirthDate.Year) ? 1 : 0);
        // Loops, not LINQ: a year's list runs this twelve times for every retiree in the registry (72,000 times for 6,000).
        LongevityBand? band = null;
        foreach (var b in rules.Longevity)
            if (age >= b.FromAge && (band is null || b.FromAge > band.FromAge)) band = b;
        var level = p.Hardship.Count == 0 ? 0 : LevelIn(p.Hardship, MonthKey(year, month));
        decimal hardship = 0;
        foreach (var h in rules.Hardship)
            if (h.Level == level) { hardship = h.YearlyAmount; break; }
        return new(year, month, band, level, (band?.YearlyAmount ?? 0) / 12m, hardship / 12m);
    }

    /// <summary>The level set last (by month from, then when it was set) among those in force by the month <paramref name="key"/>.</summary>
    private static int LevelIn(IReadOnlyList<HardshipPeriod> periods, string key) =>
        periods.Where(h => string.CompareOrdinal(h.From, key) <= 0).OrderBy(h => h.From, StringComparer.Ordinal).ThenBy(h => h.SetAt).LastOrDefault()?.Level ?? 0;

    /// <summary>The twelve months of a year, and the year's total rounded to the fen.</summary>
    public static (IReadOnlyList<MonthEntitlement> Months, decimal Longevity, decimal Hardship) Year(SubsidyRules rules, SubsidyPerson p, int year)
    {
        var months = Enumerable.Range(1, 12).Select(m => For(rules, p, year, m)).ToList();
        return (months, decimal.Round(months.Sum(m => m.Longevity), 2), decimal.Round(months.Sum(m => m.HardshipAmount), 2));
    }

    /// <summary>What changes in this month against the one before: null when nothing does.</summary>
    public static (MonthEntitlement Before, MonthEntitlement Now)? Change(SubsidyRules rules, SubsidyPerson p, int year, int month)
    {
        var now = For(rules, p, year, month);
        var before = month == 1 ? For(rules, p, year - 1, 12) : For(rules, p, year, month - 1);
        return before.Band?.FromAge == now.Band?.FromAge && before.HardshipLevel == now.HardshipLevel && before.Total == now.Total ? null : (before, now);
    }

    private static bool Paid(SubsidyPerson p, DateOnly monthStart) => p.Status switch
    {
        RetireeStatus.Archived => false,
        RetireeStatus.Deceased => p.DeceasedOn is { } d && monthStart <= d,
        _ => true,
    };
}
