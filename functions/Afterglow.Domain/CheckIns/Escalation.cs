namespace Afterglow.Domain.CheckIns;

/// <summary>The next step an incident should take, decided from its state and policy.</summary>
public sealed record StepPlan(int Number, int Level, int Round, EscalationTarget Target);

/// <summary>
/// The escalation state machine, pure: the app reads an incident, asks what is due, writes the answer back with
/// the row's ETag, and only then sends. Every transition is idempotent — applying it to a state that already
/// moved on returns the state unchanged — so a retried or concurrent caller cannot take a level twice.
/// </summary>
public static class Escalation
{
    public static Incident Open(string id, string code, string retireeId, string retireeName, IncidentKind kind, string? checkInId,
        IReadOnlyList<string> volunteerIds, EscalationPolicy policy, DateTimeOffset since, DateTimeOffset now) => new()
    {
        Id = id, Code = code, RetireeId = retireeId, RetireeName = retireeName, Kind = kind, CheckInId = checkInId,
        VolunteerIds = volunteerIds, Policy = policy, Since = since, OpenedAt = now, NextAt = now,
    };

    /// <summary>The step to start now, or null. Unsent steps are finished first, so steps go out in order.</summary>
    public static StepPlan? Due(Incident i, DateTimeOffset now)
    {
        if (i.Status == IncidentStatus.Resolved || i.Steps.Any(s => !s.Sent) || i.NextAt is not { } next || next > now) return null;
        var number = i.Steps.Count + 1;
        if (i.Status == IncidentStatus.Acknowledged)
        {
            if (i.AckReminders >= i.Policy.MaxAckReminders) return null;
            return new StepPlan(number, 0, i.AckReminders + 1, i.AckReminders == 0 && i.Acknowledged?.Phone is not null
                ? EscalationTarget.Acknowledger : EscalationTarget.DutyReminder);
        }
        var levels = i.Policy.Levels;
        var last = i.Steps.LastOrDefault(s => s.Level > 0);
        if (last is null)
        {
            var first = i.Urgent ? FirstIndex(levels, l => l.Target != EscalationTarget.Retiree) : 0;
            return new StepPlan(number, first + 1, 1, levels[first].Target);
        }
        if (last.Level < levels.Count) return new StepPlan(number, last.Level + 1, 1, levels[last.Level].Target);
        var final = levels[^1];
        return final.Repeat && last.Round <= i.Policy.MaxRepeats ? new StepPlan(number, last.Level, last.Round + 1, final.Target) : null;
    }

    /// <summary>Records a step (not yet sent) and when the next one falls due.</summary>
    public static Incident Start(Incident i, StepPlan plan, IReadOnlyList<Recipient> recipients, DateTimeOffset now)
    {
        if (i.Steps.Any(s => s.Number == plan.Number)) return i;
        var step = new EscalationStep
        {
            Number = plan.Number, Level = plan.Level, Round = plan.Round, Target = plan.Target, StartedAt = now, Recipients = recipients,
        };
        DateTimeOffset? next;
        if (plan.Level == 0)
        {
            // The first reminder goes to whoever acknowledged; the on-duty coordinator follows an hour later.
            next = now + (plan.Round == 1 ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(i.Policy.AckTimeoutMinutes));
            return i with { Steps = [.. i.Steps, step], NextAt = next, AckReminders = i.AckReminders + 1 };
        }
        var wait = i.Policy.Levels[plan.Level - 1].WaitMinutes;
        if (i.Urgent) wait = Math.Min(wait, i.Policy.UrgentWaitMinutes);
        // Nobody to notify at this level (no volunteer, no consenting family): go on at once rather than wait for no one.
        // The last level has nowhere to go on to: it waits and asks again, in case someone is on duty by then.
        var onward = plan.Level < i.Policy.Levels.Count;
        next = recipients.Count == 0 && onward ? now : now + TimeSpan.FromMinutes(wait);
        return i with { Steps = [.. i.Steps, step], NextAt = next, Declined = [] };
    }

    public static Incident MarkSent(Incident i, int number) =>
        i with { Steps = i.Steps.Select(s => s.Number == number ? s with { Sent = true } : s).ToList() };

    /// <summary>Stops the ladder; an unresolved acknowledgement is followed up after the policy's timeout.</summary>
    public static Incident Acknowledge(Incident i, Acknowledgement ack) =>
        i.Status != IncidentStatus.Open ? i : i with
        {
            Status = IncidentStatus.Acknowledged,
            Acknowledged = ack,
            NextAt = ack.At + TimeSpan.FromMinutes(i.Policy.AckTimeoutMinutes),
            Declined = [],
        };

    /// <summary>"NO 4821": when everyone notified at the current level has said they cannot, the next level goes at once.</summary>
    public static Incident Decline(Incident i, string phone, DateTimeOffset now)
    {
        if (i.Status != IncidentStatus.Open || i.Declined.Contains(phone)) return i;
        var declined = (IReadOnlyList<string>)[.. i.Declined, phone];
        var current = i.Steps.LastOrDefault(s => s.Level > 0);
        var people = current?.Recipients.Where(r => r.Role != RecipientRole.Retiree).Select(r => r.Phone).ToList() ?? [];
        var allSaidNo = people.Count > 0 && people.All(declined.Contains);
        return i with { Declined = declined, NextAt = allSaidNo && (i.NextAt is null || i.NextAt > now) ? now : i.NextAt };
    }

    public static Incident Resolve(Incident i, Resolution resolution) =>
        i.Status == IncidentStatus.Resolved ? i : i with { Status = IncidentStatus.Resolved, Resolution = resolution, NextAt = null, ClosingSent = false };

    /// <summary>
    /// Everyone who was notified hears that it is over — except family after a death, whom the office tells in
    /// person, and the retiree, who needs no closing note. A step written before the
    /// resolution is finished first (its messages may already be queued), so its recipients hear both.
    /// </summary>
    public static IReadOnlyList<Recipient> ClosingRecipients(Incident i) =>
        i.Steps.SelectMany(s => s.Recipients)
            .Where(r => r.Role != RecipientRole.Retiree)
            // After a death the family hears from a person, not an SMS — unless they told us themselves (their confirmation).
            .Where(r => !(i.Resolution?.Outcome == IncidentOutcome.Deceased && r.Role == RecipientRole.Family) || r.Phone == i.Resolution.Phone)
            .DistinctBy(r => r.Phone)
            .ToList();

    private static int FirstIndex(IReadOnlyList<EscalationLevel> levels, Func<EscalationLevel, bool> match)
    {
        for (var i = 0; i < levels.Count; i++) if (match(levels[i])) return i;
        return 0;
    }
}

/// <summary>Short codes people can type: four digits, derived from the incident id so a retried open picks the same one.</summary>
public static class IncidentCodes
{
    public static string Candidate(string incidentId, int attempt)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in $"{incidentId}#{attempt}") { hash ^= c; hash *= 16777619u; }
        return (1000 + hash % 9000).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
