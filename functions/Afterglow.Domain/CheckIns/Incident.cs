namespace Afterglow.Domain.CheckIns;

/// <summary>Why an incident was opened.</summary>
public enum IncidentKind
{
    /// <summary>A check-in went unanswered through its answer window.</summary>
    Missed,
    /// <summary>The check-in SMS could not be delivered: not silence, so a person phones or visits at once.</summary>
    Undelivered,
    /// <summary>The retiree answered 3 / HELP / 求助.</summary>
    Help,
    /// <summary>A call task's caller could not reach the retiree (or recorded nothing in the window): the silence ladder from its second rung.</summary>
    CallNotReached,
}

public enum IncidentStatus { Open, Acknowledged, Resolved }

public enum IncidentOutcome { Well, ReachedByPhone, Visited, Hospitalised, Deceased, FalseAlarm, Other }

public enum RecipientRole { Retiree, Volunteer, Liaison, Coordinator, Family, Other }

/// <summary>Someone a step notifies, as they were at the time (names and phones are copied, so the timeline stays true).</summary>
public sealed record Recipient(RecipientRole Role, string Name, string Phone, string Language, string? PersonId = null);

/// <summary>
/// One rung taken: written before its messages are queued (<see cref="Sent"/> false) and marked sent after, so a
/// crash in between re-queues the same messages under the same keys instead of skipping or repeating the level.
/// </summary>
public sealed record EscalationStep
{
    public int Number { get; init; }
    /// <summary>1-based index into the policy's levels; 0 for reminders about an acknowledged incident.</summary>
    public int Level { get; init; }
    /// <summary>1, or the repetition of a repeating last level.</summary>
    public int Round { get; set; } = 1;
    public EscalationTarget Target { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public IReadOnlyList<Recipient> Recipients { get; set; } = [];
    public bool Sent { get; init; }
}

public sealed record Acknowledgement(DateTimeOffset At, string By, string? Phone, string Via);

/// <summary>
/// How an incident ended; <see cref="Phone"/> when it was resolved by SMS (that phone gets the confirmation). A note the
/// system wrote also carries its code and parameters, so it is shown in the reader's language; a person's note has none.
/// </summary>
public sealed record Resolution(IncidentOutcome Outcome, string Note, DateTimeOffset At, string By, string? Phone = null,
    string? NoteCode = null, IReadOnlyDictionary<string, string>? NoteArgs = null);

/// <summary>A missed check-in, an undelivered one, or a call for help, and the ladder it climbs until someone acts.</summary>
public sealed record Incident
{
    public required string Id { get; init; }
    /// <summary>Four digits, unique among open incidents, for "OK 4821" replies.</summary>
    public required string Code { get; init; }
    public required string RetireeId { get; init; }
    public string RetireeName { get; set; } = "";
    public IncidentKind Kind { get; init; }
    public string? CheckInId { get; init; }
    public IReadOnlyList<string> VolunteerIds { get; set; } = [];
    public DateTimeOffset OpenedAt { get; init; }
    /// <summary>Since when nobody has heard from the retiree: the unanswered check-in's due time, or the call for help.</summary>
    public DateTimeOffset Since { get; init; }
    public IncidentStatus Status { get; init; } = IncidentStatus.Open;
    /// <summary>The policy as it was when the incident opened: editing the policy does not change a ladder already climbing.</summary>
    public EscalationPolicy Policy { get; set; } = EscalationPolicy.Default;
    public IReadOnlyList<EscalationStep> Steps { get; set; } = [];
    /// <summary>When the next step (or reminder) is due; null when nothing more will happen by itself.</summary>
    public DateTimeOffset? NextAt { get; init; }
    /// <summary>Phones that answered NO at the current level.</summary>
    public IReadOnlyList<string> Declined { get; set; } = [];
    public Acknowledgement? Acknowledged { get; init; }
    public int AckReminders { get; init; }
    public Resolution? Resolution { get; init; }
    public bool ClosingSent { get; init; }

    public bool Urgent => Kind is IncidentKind.Help or IncidentKind.Undelivered or IncidentKind.CallNotReached;
    public bool IsOpen => Status != IncidentStatus.Resolved;
    /// <summary>The highest policy level reached so far (0 before the first).</summary>
    public int Level => Steps.Where(s => s.Level > 0).Select(s => s.Level).DefaultIfEmpty(0).Max();
    public IEnumerable<string> NotifiedPhones => Steps.SelectMany(s => s.Recipients).Where(r => r.Role != RecipientRole.Retiree).Select(r => r.Phone).Distinct();
}
