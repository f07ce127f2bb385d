using System.Globalization;

namespace Afterglow.App.VisitPlans;

/// <summary>One period of a plan ("2026-12", "2026-Q4", "2026-H2", "2026", or a festival's window), office days inclusive.</summary>
public sealed record PlanPeriod(string Key, DateOnly From, DateOnly To, string? Festival = null);

/// <summary>
/// The periods of a plan, as pure date arithmetic: the one a day falls in (its tasks are due) and the last one that
/// ended before it (its tasks not done are overdue). A period is cut to the plan's start and end.
/// </summary>
public static class PlanPeriods
{
    /// <summary>The period containing <paramref name="day"/>, or null (before the start, after the end, between festivals).</summary>
    public static PlanPeriod? Containing(VisitPlan plan, DateOnly day)
    {
        if (day < plan.StartsOn || (plan.EndsOn is { } end && day > end)) return null;
        var p = plan.Frequency == VisitFrequency.Festivals
            ? plan.Festivals.Where(f => f.From <= day && day <= f.To).OrderBy(f => f.From).Select(Window).FirstOrDefault()
            : Calendar(plan.Frequency, day);
        return p is null ? null : Cut(plan, p);
    }

    /// <summary>The last period that ended before <paramref name="day"/> (and after the plan started), or null.</summary>
    public static PlanPeriod? LastEnded(VisitPlan plan, DateOnly day)
    {
        PlanPeriod? p;
        if (plan.Frequency == VisitFrequency.Festivals)
            p = plan.Festivals.Where(f => f.To < day).OrderByDescending(f => f.To).Select(Window).FirstOrDefault();
        else
        {
            var current = Calendar(plan.Frequency, day);
            p = Calendar(plan.Frequency, current.From.AddDays(-1));
        }
        if (p is null || p.To < plan.StartsOn || (plan.EndsOn is { } end && p.From > end)) return null;
        return Cut(plan, p);
    }

    /// <summary>The period of a day, whether due or overdue: the one it falls in or the last one ended before today.</summary>
    public static PlanPeriod? Open(VisitPlan plan, DateOnly visitDay, DateOnly today)
    {
        foreach (var p in new[] { Containing(plan, today), LastEnded(plan, today) })
            if (p is not null && p.From <= visitDay && visitDay <= p.To) return p;
        return null;
    }

    private static PlanPeriod Calendar(VisitFrequency frequency, DateOnly day)
    {
        var y = day.Year.ToString(CultureInfo.InvariantCulture);
        switch (frequency)
        {
            case VisitFrequency.Monthly:
                var m = new DateOnly(day.Year, day.Month, 1);
                return new($"{y}-{day.Month:D2}", m, m.AddMonths(1).AddDays(-1));
            case VisitFrequency.Quarterly:
                var q = (day.Month - 1) / 3;
                var qs = new DateOnly(day.Year, q * 3 + 1, 1);
                return new($"{y}-Q{q + 1}", qs, qs.AddMonths(3).AddDays(-1));
            case VisitFrequency.HalfYearly:
                var h = (day.Month - 1) / 6;
                var hs = new DateOnly(day.Year, h * 6 + 1, 1);
                return new($"{y}-H{h + 1}", hs, hs.AddMonths(6).AddDays(-1));
            default:
                return new(y, new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31));
        }
    }

    private static PlanPeriod Window(FestivalWindow f) => new($"{f.From:yyyy-MM-dd}:{f.Name}", f.From, f.To, f.Name);

    private static PlanPeriod Cut(VisitPlan plan, PlanPeriod p) => p with
    {
        From = p.From < plan.StartsOn ? plan.StartsOn : p.From,
        To = plan.EndsOn is { } end && p.To > end ? end : p.To,
    };
}
