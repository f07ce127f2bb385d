namespace Afterglow.Domain.CheckIns;

/// <summary>Who a level notifies.</summary>
public enum EscalationTarget
{
    /// <summary>A reminder SMS to the retiree (respects quiet hours).</summary>
    Retiree,
    /// <summary>The paired volunteer (primary, or the backup when the primary is away) and the plan's extra people.</summary>
    Volunteers,
    /// <summary>The liaison of the retiree's area and the on-duty coordinator.</summary>
    LiaisonAndDuty,
    /// <summary>The emergency contacts who said YES to being one, in their order.</summary>
    EmergencyContacts,
    /// <summary>An on-site visit task for the on-duty coordinator, with address and notes.</summary>
    OnSiteVisit,
    /// <summary>Not a level: an acknowledged incident left unresolved re-notifies whoever acknowledged it…</summary>
    Acknowledger,
    /// <summary>…and then the on-duty coordinator.</summary>
    DutyReminder,
}

/// <summary>One rung of the ladder: whom to notify, and how long to wait for an acknowledgement before the next.</summary>
public sealed record EscalationLevel(EscalationTarget Target, int WaitMinutes, bool Repeat = false);

/// <summary>The ladder an incident climbs (issue 4's default, editable by admins).</summary>
public sealed record EscalationPolicy
{
    public IReadOnlyList<EscalationLevel> Levels { get; set; } = DefaultLevels;
    /// <summary>An acknowledged incident not resolved within this time re-notifies the acknowledger, then the on-duty coordinator.</summary>
    public int AckTimeoutMinutes { get; set; } = 240;
    /// <summary>HELP and undelivered check-ins skip the retiree's reminder and wait at most this long per level.</summary>
    public int UrgentWaitMinutes { get; set; } = 30;
    /// <summary>How many times a repeating last level repeats before it stops (it has then paged someone for a day).</summary>
    public int MaxRepeats { get; set; } = 24;
    public int MaxAckReminders { get; set; } = 6;

    /// <summary>
    /// Two reminders to the retiree half an hour apart before a person is asked (issue 10: most forgotten check-ins
    /// are answered after a reminder; automated reassurance services retry before they alert). The volunteer is
    /// still asked an hour after the window closes, as with one reminder, so a real silence reaches a person no later.
    /// </summary>
    public static readonly IReadOnlyList<EscalationLevel> DefaultLevels =
    [
        new(EscalationTarget.Retiree, 30),
        new(EscalationTarget.Retiree, 30),
        new(EscalationTarget.Volunteers, 60),
        new(EscalationTarget.LiaisonAndDuty, 60),
        new(EscalationTarget.EmergencyContacts, 60),
        new(EscalationTarget.OnSiteVisit, 60, Repeat: true),
    ];

    public static readonly EscalationPolicy Default = new();

    /// <summary>Field errors, named as the JSON names them.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (Levels is null || Levels.Count is 0 or > 10) errors.Add(("levels", "Between 1 and 10 levels."));
        else
        {
            for (var i = 0; i < Levels.Count; i++)
            {
                var l = Levels[i];
                if (l is null) { errors.Add(($"levels[{i}]", "A level is required.")); continue; }
                if (l.Target is EscalationTarget.Acknowledger or EscalationTarget.DutyReminder) errors.Add(($"levels[{i}].target", "Not a level target."));
                if (l.WaitMinutes is < 5 or > 24 * 60) errors.Add(($"levels[{i}].waitMinutes", "Between 5 and 1440 minutes."));
                if (l.Repeat && i != Levels.Count - 1) errors.Add(($"levels[{i}].repeat", "Only the last level can repeat."));
            }
            if (Levels.All(l => l is null || l.Target == EscalationTarget.Retiree)) errors.Add(("levels", "At least one level must reach a person other than the retiree."));
        }
        if (AckTimeoutMinutes is < 15 or > 48 * 60) errors.Add(("ackTimeoutMinutes", "Between 15 and 2880 minutes."));
        if (UrgentWaitMinutes is < 5 or > 240) errors.Add(("urgentWaitMinutes", "Between 5 and 240 minutes."));
        if (MaxRepeats is < 0 or > 100) errors.Add(("maxRepeats", "Between 0 and 100."));
        if (MaxAckReminders is < 0 or > 20) errors.Add(("maxAckReminders", "Between 0 and 20."));
        return errors;
    }
}
