using System.Globalization;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Afterglow.App.Telemetry;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>
/// Drives incidents up the ladder. Every change is read → decide (the pure <see cref="Escalation"/> machine) →
/// write with the ETag → send. A step is written (unsent) before its messages are queued and marked sent after,
/// with keys made of incident, step and recipient: a crash re-queues the same keys (no second SMS), a concurrent
/// caller loses the ETag race and re-decides, and a reply that lands first simply makes the step not due.
/// </summary>
public sealed class EscalationEngine(
    IncidentStore incidents, CarePlanStore plans, RetireeStore retirees, CareRecipients recipients, ICareMessages messages,
    OfficeClock clock, OfficeProfile office, PhoneNumberRules phones, EngineMetrics metrics, Bereavement.BereavementDesk bereavement, ILogger<EscalationEngine> log)
{
    private const int MaxAttempts = 25;
    private const int MaxRounds = 500;
    private string Office => office.Name;

    /// <summary>Opens an incident (idempotent by id) and takes its first step at once.</summary>
    public async Task<Incident> OpenAsync(string id, IncidentKind kind, Retiree retiree, string? checkInId, DateTimeOffset since, string actor, EventText text, CancellationToken ct)
    {
        var existing = await incidents.GetAsync(id, ct);
        if (existing is null)
        {
            var code = await ClaimCodeAsync(id, ct);
            var policy = await plans.GetPolicyAsync(ct);
            var incident = Escalation.Open(id, code, retiree.Id, retiree.Profile.Name, kind, checkInId, retiree.Profile.VolunteerIds, policy, since, clock.UtcNow);
            var created = await incidents.TryCreateAsync(incident, [TimelineEvent.Of(clock.UtcNow, "opened", actor, text)], ct);
            if (created) log.LogInformation("Incident {Id} ({Kind}) opened for {Retiree}, code {Code}", id, kind, retiree.Id, code);
            existing = await incidents.GetAsync(id, ct);
        }
        // Indexed before the first step, so the sweep finds it even if this caller stops here.
        await incidents.IndexAsync(existing!.Value.Incident, ct);
        return await AdvanceAsync(id, ct) ?? existing.Value.Incident;
    }

    private async Task<string> ClaimCodeAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var code = IncidentCodes.Candidate(id, attempt);
            if (await incidents.TryClaimCodeAsync(code, id, ct)) return code;
        }
        throw new InvalidOperationException("No free incident code.");
    }

    /// <summary>Finishes unsent messages and takes every step that is due; safe to call any number of times, from anywhere.</summary>
    public async Task<Incident?> AdvanceAsync(string id, CancellationToken ct)
    {
        // Only lost races count against the limit: a ladder that several steps fell due on at once (a stopped timer,
        // a level nobody was left to notify) takes them one after another.
        for (int conflicts = 0, rounds = 0; conflicts < MaxAttempts && rounds < MaxRounds; rounds++)
        {
            if (await incidents.GetAsync(id, ct) is not var (incident, etag)) return null;
            var now = clock.UtcNow;

            if (incident.Status == IncidentStatus.Resolved)
            {
                if (!incident.ClosingSent)
                {
                    // A step taken just before the resolution may have queued its messages already: finish it, then close.
                    foreach (var step in incident.Steps.Where(s => !s.Sent))
                    {
                        // …except a reminder to a retiree who has answered, and anything to family after a death.
                        var moot = step.Target == EscalationTarget.Retiree
                            || (step.Target == EscalationTarget.EmergencyContacts && incident.Resolution?.Outcome == IncidentOutcome.Deceased);
                        if (!moot) await SendStepAsync(incident, step, ct);
                        incident = Escalation.MarkSent(incident, step.Number);
                    }
                    foreach (var r in Escalation.ClosingRecipients(incident))
                        await messages.QueueAsync(ClosingMessage(incident, r), ct);
                    var closed = incident with { ClosingSent = true };
                    if (!await incidents.TryCommitAsync(closed, etag, [], ct)) { conflicts++; continue; }
                    incident = closed;
                }
                await incidents.IndexAsync(incident, ct);
                return incident;
            }

            if (incident.Steps.FirstOrDefault(s => !s.Sent) is { } unsent)
            {
                await SendStepAsync(incident, unsent, ct);
                var sent = Escalation.MarkSent(incident, unsent.Number);
                if (!await incidents.TryCommitAsync(sent, etag, [], ct)) { conflicts++; continue; }
                metrics.StepSent(unsent.Level, unsent.Target.ToString());
                await incidents.IndexAsync(sent, ct);
                continue;
            }

            if (Escalation.Due(incident, now) is not { } plan)
            {
                if (incident.NextAt is not { } at || at > now) return incident;
                // The ladder is exhausted (the last level repeated its limit): nothing more happens by itself.
                var ended = incident with { NextAt = null };
                if (!await incidents.TryCommitAsync(ended, etag, [TimelineEvent.Of(now, "exhausted", "system", TimelineTexts.Exhausted())], ct)) { conflicts++; continue; }
                await incidents.IndexAsync(ended, ct);
                return ended;
            }

            var retiree = (await retirees.GetAsync(incident.RetireeId, ct))?.Retiree;
            if (retiree?.Profile.Status == RetireeStatus.Deceased)
            {
                // Every automated message to that person stops at once (DOMAIN.md 9); the people notified hear it is closed.
                var note = TimelineTexts.RegistryDeceased();
                var resolved = Escalation.Resolve(incident, new Resolution(IncidentOutcome.Deceased, note.English, now, "system", null, note.Code, note.Args));
                await incidents.TryCommitAsync(resolved, etag, [TimelineEvent.Of(now, "resolved", "system", TimelineTexts.ResolvedByRegistry())], ct);
                continue;
            }

            var who = await recipients.ForAsync(plan.Target, incident, retiree, ct);
            var next = Escalation.Start(incident, plan, who, now);
            if (!await incidents.TryCommitAsync(next, etag, StepEvents(plan, who, now), ct)) { conflicts++; continue; }
            await incidents.IndexAsync(next, ct);
        }
        throw new InvalidOperationException($"Incident {id} kept changing while it was being advanced.");
    }

    private static List<TimelineEvent> StepEvents(StepPlan plan, IReadOnlyList<Recipient> who, DateTimeOffset now)
    {
        var events = new List<TimelineEvent> { TimelineEvent.Of(now, plan.Level == 0 ? "reminder" : "level", "system", TimelineTexts.Step(plan, who.Count == 0), plan.Level) };
        events.AddRange(who.Take(90).Select(r => TimelineEvent.Of(now, "notified", "system", TimelineTexts.Notified(r), plan.Level, r.Name, r.Phone, r.Role)));
        return events;
    }

    private async Task SendStepAsync(Incident incident, EscalationStep step, CancellationToken ct)
    {
        Retiree? retiree = null;
        if (step.Target is EscalationTarget.OnSiteVisit or EscalationTarget.Volunteers or EscalationTarget.LiaisonAndDuty)
            retiree = (await retirees.GetAsync(incident.RetireeId, ct))?.Retiree;
        foreach (var r in step.Recipients)
        {
            var p = Params(incident, r);
            p["phone"] = Display(retiree?.Profile.Mobile, retiree?.Profile.Landline);
            var key = $"esc:{incident.Id}:{step.Number}:{r.Phone}";
            var message = step.Target switch
            {
                EscalationTarget.Retiree => Message(incident, r, CareTemplates.Reminder, CarePurpose.Reminder, key, false, p),
                EscalationTarget.EmergencyContacts => Message(incident, r, CareTemplates.Family, CarePurpose.Escalation, key, true, p),
                EscalationTarget.OnSiteVisit => Message(incident, r, CareTemplates.Visit, CarePurpose.Escalation, key, true, WithVisit(p, retiree)),
                EscalationTarget.Acknowledger or EscalationTarget.DutyReminder => Message(incident, r, CareTemplates.AckReminder, CarePurpose.Escalation, key, true, p),
                _ => Message(incident, r, incident.Kind switch
                {
                    IncidentKind.Help => CareTemplates.HelpAlert,
                    IncidentKind.Undelivered => CareTemplates.UndeliveredAlert,
                    _ => CareTemplates.Alert,
                }, CarePurpose.Escalation, key, true, p),
            };
            await messages.QueueAsync(message, ct);
        }
    }

    private static Dictionary<string, string> WithVisit(Dictionary<string, string> p, Retiree? retiree)
    {
        var profile = retiree?.Profile;
        p["address"] = profile?.Address ?? "?";
        var notes = new List<string>();
        if (profile?.Living == LivingArrangement.Alone) notes.Add(profile.Language == "en" ? "Lives alone." : "独居。");
        if (!string.IsNullOrWhiteSpace(profile?.HealthNotes)) notes.Add(profile.HealthNotes.Length > 40 ? profile.HealthNotes[..40] + "…" : profile.HealthNotes);
        p["notes"] = string.Join(' ', notes) + (notes.Count > 0 ? " " : "");
        return p;
    }

    /// <summary>The closing note; whoever resolved it by SMS gets, under the same key, the confirmation of what they said instead.</summary>
    private CareMessage ClosingMessage(Incident incident, Recipient r)
    {
        var p = Params(incident, r);
        if (incident.Resolution is not { Phone: { } phone } resolution || phone != r.Phone)
            return Message(incident, r, CareTemplates.Closing, CarePurpose.Closing, $"close:{incident.Id}:{r.Phone}", true, p);
        p["outcome"] = OutcomeWords.Say(resolution.Outcome, r.Language);
        return Message(incident, r, CareTemplates.ResolvedBySms, CarePurpose.Closing, $"close:{incident.Id}:{r.Phone}", true, p);
    }

    private Dictionary<string, string> Params(Incident incident, Recipient r) => new()
    {
        ["name"] = incident.RetireeName,
        ["code"] = incident.Code,
        ["since"] = When(incident.Since, r.Language),
        ["office"] = Office,
    };

    private string When(DateTimeOffset utc, string language)
    {
        var local = clock.ToLocal(utc);
        return language == "en" ? local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture) : local.ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The retiree's numbers as whoever is alerted dials them (see PhoneNumberRules.Display): mobile, then landline.</summary>
    public string Display(string? mobile, string? landline = null)
    {
        if (string.IsNullOrEmpty(mobile)) return string.IsNullOrEmpty(landline) ? "?" : phones.Display(landline);
        return string.IsNullOrEmpty(landline) ? phones.Display(mobile) : $"{phones.Display(mobile)} / {phones.Display(landline)}";
    }

    private static CareMessage Message(Incident incident, Recipient r, string template, CarePurpose purpose, string key, bool ignoreQuietHours, IReadOnlyDictionary<string, string> p) =>
        new(r.Phone, template, p, r.Language, purpose, key, ignoreQuietHours, incident.RetireeId);

    // Acknowledge, decline, resolve, note

    public async Task<Incident?> AcknowledgeAsync(string id, Acknowledgement ack, CancellationToken ct) =>
        await ChangeAsync(id, i => Escalation.Acknowledge(i, ack), i => i.Status == IncidentStatus.Open,
            [TimelineEvent.Of(ack.At, "acknowledged", ack.By, TimelineTexts.Acknowledged(ack), null, ack.By, ack.Phone)], ct);

    public async Task<Incident?> DeclineAsync(string id, string phone, string by, EventText text, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var result = await ChangeAsync(id, i => Escalation.Decline(i, phone, now), i => i.Status == IncidentStatus.Open && !i.Declined.Contains(phone),
            [TimelineEvent.Of(now, "declined", by, text, null, by, phone)], ct);
        return result is null ? null : await AdvanceAsync(id, ct);
    }

    public async Task<Incident?> ResolveAsync(string id, Resolution resolution, CancellationToken ct)
    {
        var result = await ChangeAsync(id, i => Escalation.Resolve(i, resolution), i => i.Status != IncidentStatus.Resolved,
            [TimelineEvent.Of(resolution.At, "resolved", resolution.By, TimelineTexts.Resolved(resolution))], ct);
        if (result is { Resolution: { } r } && r == resolution)
        {
            await RecordInRegistryAsync(result.RetireeId, r.Outcome, ct);
            // A death learned through an incident starts the bereavement checklist, as one recorded on the retiree's page does.
            if (r.Outcome == IncidentOutcome.Deceased)
                await bereavement.StartFromRegistryAsync(result.RetireeId, Domain.Bereavement.LearnedFrom.Other,
                    $"{result.Code}: {r.Note}", Auth.Caller.System, ct);
        }
        return result is null ? null : await AdvanceAsync(id, ct);
    }

    /// <summary>
    /// Hospitalised: the registry says so, which holds check-ins until a coordinator sets the retiree active again.
    /// Deceased: the registry records the death, which stops every automated message and the plan (as a death
    /// recorded on the retiree's page does).
    /// </summary>
    private async Task RecordInRegistryAsync(string retireeId, IncidentOutcome outcome, CancellationToken ct)
    {
        var status = outcome switch { IncidentOutcome.Hospitalised => RetireeStatus.Hospitalised, IncidentOutcome.Deceased => RetireeStatus.Deceased, _ => (RetireeStatus?)null };
        if (status is null) return;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await retirees.GetAsync(retireeId, ct) is not var (retiree, etag) || retiree.Profile.Status is RetireeStatus.Deceased or RetireeStatus.Archived
                || retiree.Profile.Status == status) return;
            var profile = retiree.Profile with { Status = status.Value, DeceasedOn = status == RetireeStatus.Deceased ? clock.Today : retiree.Profile.DeceasedOn };
            if ((await retirees.ReplaceAsync(retireeId, profile, etag, Auth.Caller.System, "retiree.update", ct)).Outcome != WriteOutcome.Stale) return;
        }
    }

    /// <summary>A person's note (<see cref="TimelineTexts.Note"/>) or one the system writes.</summary>
    public async Task AddNoteAsync(string id, string by, EventText note, CancellationToken ct) =>
        await incidents.AppendAsync(id, [TimelineEvent.Of(clock.UtcNow, "note", by, note)], ct);

    /// <summary>Applies a transition if it applies (<paramref name="applies"/>), with its timeline lines, under the ETag.</summary>
    private async Task<Incident?> ChangeAsync(string id, Func<Incident, Incident> change, Func<Incident, bool> applies, IReadOnlyList<TimelineEvent> events, CancellationToken ct)
    {
        return await Optimistic.RetryAsync($"Incident {id}", async token =>
        {
            if (await incidents.GetAsync(id, token) is not var (incident, etag)) return (true, (Incident?)null);
            if (!applies(incident)) return (true, incident);
            var next = change(incident);
            if (!await incidents.TryCommitAsync(next, etag, events, token)) return (false, null);
            await incidents.IndexAsync(next, token);
            return (true, next);
        }, ct, MaxAttempts);
    }

    /// <summary>The open incident about a retiree's silence (missed or undelivered), if there is one: a new miss joins it.</summary>
    public async Task<string?> OpenIncidentOfAsync(string retireeId, CancellationToken ct) =>
        (await incidents.ListOpenOfAsync(retireeId, ct))
            .Where(s => s.Status != IncidentStatus.Resolved && s.Kind != IncidentKind.Help)
            .OrderBy(s => s.OpenedAt).Select(s => s.Id).FirstOrDefault();

    /// <summary>
    /// The sweep's part: every open incident whose next step is due or has messages pending. The open index is
    /// small (the incidents open now), so this reads what needs doing, not the history.
    /// </summary>
    public async Task<int> AdvanceDueAsync(bool all, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var due = (await incidents.ListOpenAsync(ct)).Where(s => all || s.Pending || s.Status == IncidentStatus.Resolved || (s.NextAt is { } n && n <= now)).ToList();
        var advanced = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (s, token) =>
        {
            try
            {
                await AdvanceAsync(s.Id, token);
                Interlocked.Increment(ref advanced);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One incident's trouble must not stop the others; the next sweep tries it again.
                log.LogError(e, "Advancing incident {Id} failed", s.Id);
                metrics.StepFailed();
            }
        });
        return advanced;
    }
}
