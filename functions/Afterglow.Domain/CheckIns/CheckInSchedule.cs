namespace Afterglow.Domain.CheckIns;

/// <summary>When check-ins fall due: cadence days, skip days and pauses, at the plan's local time in the office's zone.</summary>
public static class CheckInSchedule
{
    // A plan whose skip days cover every cadence day has no next check-in; looking further would never find one.
    private const int SearchDays = 15;

    public static bool IsCadenceDay(CarePlan plan, DateOnly day)
    {
        var offset = day.DayNumber - plan.Anchor.DayNumber;
        return plan.Cadence switch
        {
            Cadence.Daily => true,
            Cadence.EveryTwoDays => (offset % 2 + 2) % 2 == 0,
            Cadence.TwiceWeekly => day.DayOfWeek == plan.Anchor.DayOfWeek || day.DayOfWeek == (DayOfWeek)(((int)plan.Anchor.DayOfWeek + 3) % 7),
            Cadence.Weekly => day.DayOfWeek == plan.Anchor.DayOfWeek,
            _ => false,
        };
    }

    public static bool IsPaused(CarePlan plan, DateOnly day) => plan.Pause is { } p && day <= p.Until && (p.From is null || day >= p.From);

    public static bool IsCheckInDay(CarePlan plan, DateOnly day) =>
        plan.State == PlanState.Active && IsCadenceDay(plan, day) && !plan.SkipDays.Contains(day.DayOfWeek) && !IsPaused(plan, day);

    /// <summary>The first check-in day on or after <paramref name="from"/>, or null when the plan sends none.</summary>
    public static DateOnly? NextDay(CarePlan plan, DateOnly from)
    {
        if (plan.Cadence == Cadence.None || plan.State != PlanState.Active) return null;
        // A pause under way is skipped in one jump (it may be longer than the search).
        var start = plan.Pause is { } p && IsPaused(plan, from) ? p.Until.AddDays(1) : from;
        for (var d = start; d < start.AddDays(SearchDays); d = d.AddDays(1))
            if (IsCheckInDay(plan, d)) return d;
        return null;
    }

    /// <summary>The next due instant strictly after <paramref name="afterUtc"/>.</summary>
    public static DateTimeOffset? NextDueUtc(CarePlan plan, DateTimeOffset afterUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(afterUtc, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var from = TimeOnly.FromDateTime(local.DateTime) >= plan.At ? today.AddDays(1) : today;
        return NextDay(plan, from) is { } day ? ToUtc(day, plan.At, zone) : null;
    }

    public static DateTimeOffset ToUtc(DateOnly day, TimeOnly at, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(at, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateOnly LocalDay(DateTimeOffset utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
}
