using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.Tests.CheckIns;

/// <summary>The pure rules: due times in office time, the escalation state machine, the roster.</summary>
public class CheckInDomainTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void Due_times_follow_cadence_skip_days_and_pauses_in_office_time()
    {
        var monday = new DateOnly(2026, 11, 23);
        var plan = new CarePlan { RetireeId = "r1", Cadence = Cadence.TwiceWeekly, At = new TimeOnly(9, 30), Anchor = monday };
        // Monday and Thursday at 09:30 Shanghai = 01:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), CheckInSchedule.NextDueUtc(plan, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), Shanghai));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero), CheckInSchedule.NextDueUtc(plan, new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), Shanghai));

        var daily = new CarePlan { RetireeId = "r1", Cadence = Cadence.Daily, At = new TimeOnly(9, 0), Anchor = monday, SkipDays = [DayOfWeek.Tuesday] };
        Assert.Equal(new DateOnly(2026, 11, 25), CheckInSchedule.NextDay(daily, new DateOnly(2026, 11, 24)));
        var paused = daily with { Pause = new CarePause(new DateOnly(2026, 11, 30), "住院") };
        // Paused through Monday 30th; Tuesday 1st is a skip day.
        Assert.Equal(new DateOnly(2026, 12, 2), CheckInSchedule.NextDay(paused, monday));
        Assert.Null(CheckInSchedule.NextDay(daily with { Cadence = Cadence.None }, monday));
        Assert.Null(CheckInSchedule.NextDay(daily with { SkipDays = Enum.GetValues<DayOfWeek>() }, monday));
        Assert.Null(CheckInSchedule.NextDay(daily with { State = PlanState.Stopped }, monday));

        var everyOther = daily with { Cadence = Cadence.EveryTwoDays, SkipDays = [] };
        Assert.Equal([true, false, true, false], Enumerable.Range(0, 4).Select(d => CheckInSchedule.IsCadenceDay(everyOther, monday.AddDays(d))));
    }

    [Fact]
    public void Tiers_decide_the_cadence_and_the_registry_status_stops_or_holds_a_plan()
    {
        Assert.Equal(Cadence.Daily, CarePlans.CadenceFor(RiskTier.Critical));
        Assert.Equal(Cadence.Daily, CarePlans.CadenceFor(RiskTier.High));
        Assert.Equal(Cadence.TwiceWeekly, CarePlans.CadenceFor(RiskTier.Elevated));
        Assert.Equal(Cadence.Weekly, CarePlans.CadenceFor(RiskTier.Standard));
        Assert.Equal("deceased", CarePlans.StopReasonFor(RetireeStatus.Deceased, true));
        Assert.Equal("optedOut", CarePlans.StopReasonFor(RetireeStatus.Active, false));
        Assert.Null(CarePlans.StopReasonFor(RetireeStatus.Hospitalised, true));
        Assert.True(CarePlans.Holds(RetireeStatus.Hospitalised));
        Assert.Equal(CarePlans.DefaultTime, CarePlans.Derive("r", RiskTier.High, new TimeOnly(23, 0), new DateOnly(2026, 1, 1)).At);
    }

    [Fact]
    public void The_ladder_takes_each_level_once_and_stops_when_acknowledged()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var i = Escalation.Open("i-1", "4821", "r1", "李", IncidentKind.Missed, null, [], EscalationPolicy.Default, t0, t0);
        var someone = new Recipient(RecipientRole.Volunteer, "王", "+8613900000001", "zh-CN");

        var plan = Escalation.Due(i, t0)!;
        Assert.Equal((1, 1, EscalationTarget.Retiree), (plan.Number, plan.Level, plan.Target));
        i = Escalation.Start(i, plan, [someone], t0);
        Assert.Same(i, Escalation.Start(i, plan, [someone], t0)); // the same step again changes nothing
        Assert.Null(Escalation.Due(i, t0.AddHours(2))); // not sent yet: finish it first
        i = Escalation.MarkSent(i, 1);
        // A second reminder to the retiree half an hour later; a person an hour after the window closed.
        Assert.Null(Escalation.Due(i, t0.AddMinutes(29)));
        plan = Escalation.Due(i, t0.AddMinutes(30))!;
        Assert.Equal((2, 2, EscalationTarget.Retiree), (plan.Number, plan.Level, plan.Target));
        i = Escalation.MarkSent(Escalation.Start(i, plan, [someone], t0.AddMinutes(30)), 2);
        Assert.Null(Escalation.Due(i, t0.AddMinutes(59)));
        plan = Escalation.Due(i, t0.AddHours(1))!;
        Assert.Equal((3, 3, EscalationTarget.Volunteers), (plan.Number, plan.Level, plan.Target));
        i = Escalation.MarkSent(Escalation.Start(i, plan, [someone], t0.AddHours(1)), 3);

        // NO from everyone at the level: the next one is due now.
        var declined = Escalation.Decline(i, someone.Phone, t0.AddHours(1.2));
        Assert.Equal(t0.AddHours(1.2), declined.NextAt);
        Assert.Same(declined, Escalation.Decline(declined, someone.Phone, t0.AddHours(1.3)));

        var acked = Escalation.Acknowledge(i, new Acknowledgement(t0.AddHours(1.5), "王", someone.Phone, "sms"));
        Assert.Equal(IncidentStatus.Acknowledged, acked.Status);
        Assert.Same(acked, Escalation.Acknowledge(acked, new Acknowledgement(t0.AddHours(1.6), "赵", null, "dashboard")));
        Assert.Null(Escalation.Due(acked, t0.AddHours(5)));
        Assert.Equal(EscalationTarget.Acknowledger, Escalation.Due(acked, t0.AddHours(5.5))!.Target);

        var resolved = Escalation.Resolve(acked, new Resolution(IncidentOutcome.FalseAlarm, "", t0.AddHours(2), "王"));
        Assert.Null(Escalation.Due(resolved, t0.AddDays(1)));
        Assert.Same(resolved, Escalation.Resolve(resolved, new Resolution(IncidentOutcome.Well, "", t0.AddHours(3), "x")));
        Assert.Equal([someone.Phone], Escalation.ClosingRecipients(resolved).Select(r => r.Phone));
    }

    [Fact]
    public void Urgent_incidents_skip_the_reminder_and_empty_levels_move_on_at_once()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var help = Escalation.Open("i-2", "1234", "r1", "李", IncidentKind.Help, null, [], EscalationPolicy.Default, t0, t0);
        var plan = Escalation.Due(help, t0)!;
        Assert.Equal((EscalationTarget.Volunteers, 3), (plan.Target, plan.Level)); // both reminders to the retiree skipped
        help = Escalation.Start(help, plan, [new Recipient(RecipientRole.Volunteer, "王", "+1", "zh-CN")], t0);
        Assert.Equal(t0.AddMinutes(30), help.NextAt);
        var empty = Escalation.Start(Escalation.MarkSent(help, 1), Escalation.Due(Escalation.MarkSent(help, 1), t0.AddMinutes(30))!, [], t0.AddMinutes(30));
        Assert.Equal(t0.AddMinutes(30), empty.NextAt);
        Assert.Empty(EscalationPolicy.Default.Validate());
        Assert.NotEmpty((EscalationPolicy.Default with { Levels = [new EscalationLevel(EscalationTarget.Retiree, 60)] }).Validate());
    }

    [Fact]
    public void The_roster_covers_overnight_shifts_and_overrides_win()
    {
        var roster = new DutyRoster
        {
            Weekly = [new Shift(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(18, 0), "day"), new Shift(DayOfWeek.Monday, new TimeOnly(18, 0), new TimeOnly(8, 0), "night")],
        };
        DateTimeOffset Local(int day, int hour) => new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(["day"], roster.OnDuty(Local(23, 9), Shanghai));
        Assert.Equal(["night"], roster.OnDuty(Local(23, 22), Shanghai));
        Assert.Equal(["night"], roster.OnDuty(Local(24, 7), Shanghai));
        Assert.Empty(roster.OnDuty(Local(24, 9), Shanghai));
        var swapped = roster with { Overrides = [new RosterOverride(Local(23, 8), Local(23, 12), "swap")] };
        Assert.Equal(["swap"], swapped.OnDuty(Local(23, 9), Shanghai));
        Assert.True(AwayPeriods.IsAway([new AwayPeriod(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24))], new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public void Incident_codes_are_four_digits_and_the_same_for_the_same_incident()
    {
        Assert.Matches("^[1-9][0-9]{3}$", IncidentCodes.Candidate("i-day-20261123.r1", 0));
        Assert.Equal(IncidentCodes.Candidate("i-x", 3), IncidentCodes.Candidate("i-x", 3));
        Assert.NotEqual(IncidentCodes.Candidate("i-x", 0), IncidentCodes.Candidate("i-x", 1));
    }
}
