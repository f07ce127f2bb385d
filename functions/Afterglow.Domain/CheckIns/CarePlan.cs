using Afterglow.Domain.Registry;

namespace Afterglow.Domain.CheckIns;

/// <summary>How often a retiree gets a check-in SMS.</summary>
public enum Cadence { Daily, EveryTwoDays, TwiceWeekly, Weekly, None }

/// <summary>
/// Why check-ins are held: 住院, travelling, staying with family… from <see cref="From"/> (open: always) through
/// <see cref="Until"/>; check-ins resume the day after.
/// </summary>
public sealed record CarePause(DateOnly Until, string Reason, DateOnly? From = null);

/// <summary>Whether the plan runs; the engine stops it by itself for deceased, archived or opted-out retirees.</summary>
public enum PlanState { Active, Stopped }

/// <summary>
/// How a check-in reaches the retiree: an SMS they answer, or a call task for a volunteer (or the coordinator on
/// duty) who phones them and records the outcome — for people who said STOP, cannot read, have only a landline,
/// or whose number stopped taking SMS.
/// </summary>
public enum CareChannel { Sms, Call }

/// <summary>Why a plan is on the call channel.</summary>
public static class ChannelReasons
{
    public const string OptedOut = "optedOut", Undeliverable = "undeliverable", Coordinator = "coordinator", Landline = "landline";
}

/// <summary>
/// One retiree's care plan: derived from the risk tier until a coordinator adjusts it (<see cref="Custom"/>).
/// Times are the office's local time.
/// </summary>
public sealed record CarePlan
{
    public required string RetireeId { get; init; }
    public Cadence Cadence { get; init; } = Cadence.Daily;
    public TimeOnly At { get; set; } = CarePlans.DefaultTime;
    /// <summary>Days of the week with no check-in (e.g. the day a daughter visits).</summary>
    public IReadOnlyList<DayOfWeek> SkipDays { get; set; } = [];
    public CarePause? Pause { get; init; }
    /// <summary>People (person ids) notified together with the paired volunteers, e.g. a neighbour who has a key.</summary>
    public IReadOnlyList<string> EscalateTo { get; set; } = [];
    public int AnswerWindowMinutes { get; set; } = CarePlans.DefaultAnswerWindowMinutes;
    /// <summary>The day the cadence counts from: every-two-days parity, the weekday of weekly plans.</summary>
    public DateOnly Anchor { get; init; }
    /// <summary>A coordinator changed it; tier changes no longer rewrite it.</summary>
    public bool Custom { get; init; }
    public PlanState State { get; init; } = PlanState.Active;
    public string? StopReason { get; init; }
    /// <summary>When the next check-in is due (UTC); the engine's bookkeeping.</summary>
    public DateTimeOffset? NextDueUtc { get; init; }
    public CareChannel Channel { get; init; } = CareChannel.Sms;
    /// <summary>One of <see cref="ChannelReasons"/> while on the call channel.</summary>
    public string? ChannelReason { get; init; }
    /// <summary>Check-in SMS that failed to deliver one after another; two move the plan to the call channel.</summary>
    public int UndeliveredInARow { get; init; }
}

public static class CarePlans
{
    public static readonly TimeOnly DefaultTime = new(9, 0);
    public const int DefaultAnswerWindowMinutes = 120;
    /// <summary>Check-ins are sent in the day only: a 21:00 check-in would escalate to people in the night.</summary>
    public static readonly TimeOnly Earliest = new(6, 0), Latest = new(20, 0);

    /// <summary>The tier decides the cadence (DOMAIN.md 2–3): those who live alone or are frail are contacted every day.</summary>
    public static Cadence CadenceFor(RiskTier tier) => tier switch
    {
        RiskTier.Critical or RiskTier.High => Cadence.Daily,
        RiskTier.Elevated => Cadence.TwiceWeekly,
        _ => Cadence.Weekly,
    };

    /// <summary>Undelivered check-in SMS in a row that move a plan to the call channel (one incident, not one a day).</summary>
    public const int UndeliveredBeforeCall = 2;

    /// <summary>A retiree with no mobile (a landline only) starts on the call channel.</summary>
    public static CarePlan Derive(string retireeId, RiskTier tier, TimeOnly? preferred, DateOnly today, bool hasMobile = true) => new()
    {
        RetireeId = retireeId,
        Cadence = CadenceFor(tier),
        At = preferred is { } p && p >= Earliest && p <= Latest ? p : DefaultTime,
        Anchor = today,
        Channel = hasMobile ? CareChannel.Sms : CareChannel.Call,
        ChannelReason = hasMobile ? null : ChannelReasons.Landline,
    };

    /// <summary>Whether the registry status lets check-ins run; null when they may, else the reason they stop.</summary>
    public static string? StopReasonFor(RetireeStatus status, bool smsConsent) => status switch
    {
        RetireeStatus.Deceased => "deceased",
        RetireeStatus.Archived => "archived",
        _ when !smsConsent => "optedOut",
        _ => null,
    };

    /// <summary>Statuses that hold check-ins without stopping the plan (the registry says where they are).</summary>
    public static bool Holds(RetireeStatus status) => status is RetireeStatus.Hospitalised or RetireeStatus.Away;
}
