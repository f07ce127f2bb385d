using Afterglow.Domain.Registry;
using Afterglow.Domain.Subsidies;

namespace Afterglow.Tests.Unit;

/// <summary>Who is paid what, month by month, under the default rules (85+ 600, 90+ 1,200, 95+ 2,400, 100+ 5,000; hardship 3,000/2,000/1,200).</summary>
public class SubsidyCalculatorTests
{
    private static readonly SubsidyRules Rules = SubsidyRules.Default;
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SubsidyPerson Born(string birth, RetireeStatus status = RetireeStatus.Active, string? died = null, params HardshipPeriod[] hardship) =>
        new("r1", DateOnly.Parse(birth), status, died is null ? null : DateOnly.Parse(died), hardship);

    private static HardshipPeriod Level(int level, string from) => new(level, from, "低保", "李丽", At);

    [Fact]
    public void A_band_starts_in_the_month_of_the_birthday_that_reaches_its_age()
    {
        var p = Born("1941-07-31");
        Assert.Null(Calc(p, 2026, 6).Band);
        Assert.Equal(85, Calc(p, 2026, 7).Band!.FromAge);
        Assert.Equal(50m, Calc(p, 2026, 7).Longevity);
        Assert.Equal(300m, SubsidyCalculator.Year(Rules, p, 2026).Longevity);
        Assert.Equal(((int?)null, (int?)85), SubsidyChangeKindOf(p, 2026, 7));
        Assert.Null(SubsidyCalculator.Change(Rules, p, 2026, 8));
    }

    [Fact]
    public void A_year_that_crosses_into_a_higher_band_pays_each_month_at_its_band()
    {
        var p = Born("1936-03-10"); // 90 in March 2026
        Assert.Equal(85, Calc(p, 2026, 2).Band!.FromAge);
        Assert.Equal(90, Calc(p, 2026, 3).Band!.FromAge);
        Assert.Equal(2 * 50m + 10 * 100m, SubsidyCalculator.Year(Rules, p, 2026).Longevity);
        Assert.Equal(((int?)85, (int?)90), SubsidyChangeKindOf(p, 2026, 3));
        // A leap-day birthday reaches its age on 28 February in other years, in February.
        Assert.Equal(90, Calc(Born("1936-02-29"), 2026, 2).Band!.FromAge);
    }

    [Fact]
    public void Payment_runs_to_the_month_of_death_and_stops_the_month_after()
    {
        var p = Born("1930-06-01", RetireeStatus.Deceased, "2026-04-20"); // 95 all year
        Assert.Equal(200m, Calc(p, 2026, 4).Longevity);
        Assert.False(Calc(p, 2026, 5).Any);
        Assert.Equal(800m, SubsidyCalculator.Year(Rules, p, 2026).Longevity);
        var (before, now) = SubsidyCalculator.Change(Rules, p, 2026, 5)!.Value;
        Assert.True(before.Any && !now.Any);
    }

    [Theory]
    [InlineData(RetireeStatus.Archived, null)]
    [InlineData(RetireeStatus.Deceased, null)]
    public void An_archived_record_or_a_death_without_a_date_is_not_paid(RetireeStatus status, string? died)
    {
        Assert.Equal(0m, SubsidyCalculator.Year(Rules, Born("1925-01-01", status, died), 2026).Longevity);
    }

    [Theory]
    [InlineData(RetireeStatus.Hospitalised)]
    [InlineData(RetireeStatus.Away)]
    public void Someone_in_hospital_or_away_is_still_paid(RetireeStatus status) =>
        Assert.Equal(5_000m, SubsidyCalculator.Year(Rules, Born("1925-01-01", status), 2026).Longevity);

    [Fact]
    public void A_hardship_level_applies_from_its_month_until_the_next_one_set()
    {
        var p = Born("1950-01-01", hardship: [Level(2, "2026-04"), Level(0, "2026-10")]);
        Assert.Equal(0, Calc(p, 2026, 3).HardshipLevel);
        Assert.Equal(2, Calc(p, 2026, 4).HardshipLevel);
        Assert.Equal(0, Calc(p, 2026, 10).HardshipLevel);
        Assert.Equal(6 * 2_000m / 12, SubsidyCalculator.Year(Rules, p, 2026).Hardship);
        // Set later for an earlier month: the later decision about that month wins.
        var corrected = p with { Hardship = [.. p.Hardship, new HardshipPeriod(3, "2026-04", "复核", "王", At.AddDays(30))] };
        Assert.Equal(3, Calc(corrected, 2026, 5).HardshipLevel);
    }

    [Fact]
    public void A_yearly_amount_not_divisible_by_twelve_still_adds_up_to_the_fen_over_a_year()
    {
        var rules = Rules with { Longevity = [new(80, 1_000m)] };
        Assert.Equal(1_000m, SubsidyCalculator.Year(rules, Born("1930-01-01"), 2026).Longevity);
        Assert.Equal(83.33m, decimal.Round(SubsidyCalculator.For(rules, Born("1930-01-01"), 2026, 5).Longevity, 2));
    }

    [Fact]
    public void Rules_are_checked_field_by_field()
    {
        Assert.Empty(Rules.Validate());
        var bad = new SubsidyRules
        {
            Longevity = [new(85, 600m), new(80, 100m), new(130, -1m)],
            Hardship = [new(1, 3_000m), new(3, 2_000m), new(2, 1_200m)],
        };
        var fields = bad.Validate().Select(e => e.Field).ToHashSet();
        Assert.Equal(["hardship[1].level", "hardship[2].level", "longevity[1].fromAge", "longevity[2].fromAge", "longevity[2].yearlyAmount"], fields.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([("longevity[1].yearlyAmount", SubsidyRules.AmountMessage)], (Rules with { Longevity = [new(85, 600m), new(95, 0.001m)] }).Validate());
        Assert.Contains(("hardship", "Three hardship levels, 1 to 3."), (Rules with { Hardship = [] }).Validate());
        Assert.Contains(("longevity", "At most 10 age bands."), (Rules with { Longevity = [.. Enumerable.Range(0, 11).Select(i => new LongevityBand(60 + i, 1))] }).Validate());
    }

    private static MonthEntitlement Calc(SubsidyPerson p, int y, int m) => SubsidyCalculator.For(Rules, p, y, m);

    private static (int?, int?) SubsidyChangeKindOf(SubsidyPerson p, int y, int m) =>
        SubsidyCalculator.Change(Rules, p, y, m) is var (b, n) ? (b.Band?.FromAge, n.Band?.FromAge) : (-1, -1);
}
