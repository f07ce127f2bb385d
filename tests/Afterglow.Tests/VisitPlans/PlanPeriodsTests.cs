using Afterglow.App.VisitPlans;

namespace Afterglow.Tests.VisitPlans;

/// <summary>The periods of a plan, as pure date arithmetic: the one a day falls in and the last one ended before it.</summary>
public class PlanPeriodsTests
{
    private static VisitPlan Plan(VisitFrequency f, string starts, string? ends = null, params FestivalWindow[] festivals) => new()
    {
        Id = "vp000000000001", Name = "p", CreatedBy = "t", Frequency = f, StartsOn = DateOnly.Parse(starts), EndsOn = ends is null ? null : DateOnly.Parse(ends), Festivals = festivals,
    };

    private static string? Show(PlanPeriod? p) => p is null ? null : $"{p.Key} {p.From:yyyy-MM-dd}..{p.To:yyyy-MM-dd}";

    [Theory]
    [InlineData(VisitFrequency.Monthly, "2024-02-10", "2024-02 2024-02-01..2024-02-29", "2024-01 2024-01-01..2024-01-31")]
    [InlineData(VisitFrequency.Monthly, "2026-01-05", "2026-01 2026-01-01..2026-01-31", "2025-12 2025-12-01..2025-12-31")]
    [InlineData(VisitFrequency.Quarterly, "2026-05-15", "2026-Q2 2026-04-01..2026-06-30", "2026-Q1 2026-01-01..2026-03-31")]
    [InlineData(VisitFrequency.Quarterly, "2026-01-01", "2026-Q1 2026-01-01..2026-03-31", "2025-Q4 2025-10-01..2025-12-31")]
    [InlineData(VisitFrequency.HalfYearly, "2026-07-01", "2026-H2 2026-07-01..2026-12-31", "2026-H1 2026-01-01..2026-06-30")]
    [InlineData(VisitFrequency.Yearly, "2026-12-31", "2026 2026-01-01..2026-12-31", "2025 2025-01-01..2025-12-31")]
    public void Calendar_periods(VisitFrequency f, string day, string current, string last)
    {
        var plan = Plan(f, "2020-01-01");
        Assert.Equal(current, Show(PlanPeriods.Containing(plan, DateOnly.Parse(day))));
        Assert.Equal(last, Show(PlanPeriods.LastEnded(plan, DateOnly.Parse(day))));
    }

    [Fact]
    public void A_period_is_cut_to_the_plans_start_and_end_and_nothing_is_overdue_before_it_started()
    {
        var plan = Plan(VisitFrequency.Quarterly, "2026-11-10", "2027-02-15");
        Assert.Null(PlanPeriods.Containing(plan, new(2026, 11, 9)));
        Assert.Equal("2026-Q4 2026-11-10..2026-12-31", Show(PlanPeriods.Containing(plan, new(2026, 11, 22))));
        Assert.Null(PlanPeriods.LastEnded(plan, new(2026, 11, 22)));
        Assert.Equal("2027-Q1 2027-01-01..2027-02-15", Show(PlanPeriods.Containing(plan, new(2027, 2, 1))));
        Assert.Null(PlanPeriods.Containing(plan, new(2027, 2, 16)));
        Assert.Equal("2027-Q1 2027-01-01..2027-02-15", Show(PlanPeriods.LastEnded(plan, new(2027, 5, 1))));
        Assert.Null(PlanPeriods.LastEnded(plan, new(2027, 8, 1)));
    }

    [Fact]
    public void Festival_windows_are_the_periods_and_between_them_nothing_is_due()
    {
        var plan = Plan(VisitFrequency.Festivals, "2026-01-01", null,
            new("春节", new(2026, 2, 10), new(2026, 2, 25)), new("重阳节", new(2026, 10, 10), new(2026, 10, 25)));
        Assert.Equal("2026-02-10:春节 2026-02-10..2026-02-25", Show(PlanPeriods.Containing(plan, new(2026, 2, 17))));
        Assert.Null(PlanPeriods.Containing(plan, new(2026, 6, 1)));
        Assert.Equal("2026-02-10:春节 2026-02-10..2026-02-25", Show(PlanPeriods.LastEnded(plan, new(2026, 6, 1))));
        Assert.Equal("重阳节", PlanPeriods.LastEnded(plan, new(2026, 12, 1))!.Festival);
        // A visit day counts in the running window or the last one ended, nowhere else.
        Assert.NotNull(PlanPeriods.Open(plan, new(2026, 2, 20), new(2026, 6, 1)));
        Assert.Null(PlanPeriods.Open(plan, new(2026, 5, 20), new(2026, 6, 1)));
    }
}
