using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>The retirees whose check-in (or silence incident) a reply answered, for linking it in the inbox.</summary>
public sealed record AnsweredBy(string RetireeId, string RetireeName, IReadOnlyList<string> CheckInIds);

/// <summary>What the care engine did with a reply: nothing (not its business), or answered these retirees.</summary>
public sealed record CareResult(bool Handled, IReadOnlyList<AnsweredBy> Answered)
{
    public static readonly CareResult None = new(false, []);
    public static readonly CareResult Done = new(true, []);
}

/// <summary>
/// SMS replies, before the coordinators' inbox. A check-in asks one question — is this person there? — so any
/// reply from a retiree with an open check-in or silence incident answers it; what the words say (well, unwell,
/// help, unclear, STOP) decides what follows. Yes/no words from people the office alerted acknowledge or decline
/// their incident (matched first, so a volunteer who is also a retiree acknowledges with OK and answers their own
/// check-in with 1); from an emergency contact they answer the consent request.
/// </summary>
public sealed partial class CareReplies(
    RegistryIndex index, RetireeStore retirees, CheckInStore checkIns, IncidentStore incidents, CarePlanStore plans, PersonStore people,
    EscalationEngine engine, CareRecipients recipients, CareFamilyNotes family, ICareMessages messages, OfficeClock clock, ILogger<CareReplies> log)
{
    /// <summary>Text in, for callers that only need to know whether the care engine took it.</summary>
    public async Task<bool> HandleAsync(string from, string text, CancellationToken ct) =>
        (await HandleAsync(from, ReplyClassifier.Classify(text), ct)).Handled;

    public async Task<CareResult> HandleAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        switch (reply.Kind)
        {
            case ReplyKind.Yes:
            case ReplyKind.No:
                if (await AcknowledgeAsync(from, reply, ct)) return CareResult.Done;
                if (reply.Code is not null) return CareResult.None;
                // Not an acknowledgement: a retiree's OK says well, a retiree's NO is for a person to read; else consent.
                var answered = await AnswerAsync(from, ReplyMeanings.ForCheckIn(reply.Kind), ct);
                if (answered.Handled) return answered;
                return await ConsentAsync(from, reply.Kind == ReplyKind.Yes, ct) ? CareResult.Done : CareResult.None;
            case ReplyKind.OptOut:
                // The person is there: STOP answers the check-in. It also withdraws an emergency contact's consent.
                var stopped = await AnswerAsync(from, ReplyKind.OptOut, ct);
                return await ConsentAsync(from, false, ct) ? CareResult.Done with { Answered = stopped.Answered } : stopped;
            default:
                var result = await AnswerAsync(from, reply.Kind, ct);
                // 没问题, 👍 from someone with no check-in open (a volunteer, family): a yes.
                if (result.Handled || ReplyMeanings.ForContact(reply.Kind) != ReplyKind.Yes) return result;
                return await HandleAsync(from, reply with { Kind = ReplyKind.Yes }, ct);
        }
    }

    /// <summary>OK/NO from someone alerted (or staff, or the paired volunteer, with the code): acknowledges or declines. False when it was not for an incident.</summary>
    public async Task<bool> AcknowledgeAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        var open = (await incidents.ListOpenAsync(ct)).Where(s => s.Status != IncidentStatus.Resolved).ToList();
        IncidentSummary? target;
        if (reply.Code is { } code)
        {
            var id = await incidents.FindByCodeAsync(code, ct);
            target = open.FirstOrDefault(s => s.Id == id);
            // A code is not a password: only those it alerted, staff, and the paired volunteer (as on the dashboard) act on it.
            if (target is null || (!target.NotifiedPhones.Contains(from) && !await MayActAsync(from, target, ct))) return false;
        }
        else
        {
            var mine = open.Where(s => s.NotifiedPhones.Contains(from)).ToList();
            var waiting = mine.Where(s => s.Status == IncidentStatus.Open).ToList();
            if (waiting.Count > 1) return false; // ambiguous: the inbox asks which one
            target = waiting.SingleOrDefault();
            if (target is null) return mine.Count > 0; // already acknowledged: nothing more to do
        }
        var name = await NameOfAsync(target.Id, from, ct);
        if (reply.Kind == ReplyKind.Yes)
            await engine.AcknowledgeAsync(target.Id, new Acknowledgement(clock.UtcNow, name, from, "sms"), ct);
        else
            await engine.DeclineAsync(target.Id, from, name, TimelineTexts.DeclinedNo(name), ct);
        return true;
    }

    private async Task<string> NameOfAsync(string incidentId, string phone, CancellationToken ct)
    {
        var incident = (await incidents.GetAsync(incidentId, ct))?.Incident;
        return incident?.Steps.SelectMany(s => s.Recipients).FirstOrDefault(r => r.Phone == phone)?.Name
            ?? (await people.FindByPhoneAsync(phone, ct)).FirstOrDefault()?.Name
            ?? phone;
    }

    private async Task<bool> MayActAsync(string phone, IncidentSummary incident, CancellationToken ct) =>
        (await people.FindByPhoneAsync(phone, ct)).Any(p => p.Active && (p.Role == PersonRole.Staff || incident.VolunteerIds.Contains(p.Id)));

    /// <summary>
    /// A retiree's reply: closes their open check-ins and the silence incidents they opened (a late answer counts).
    /// Everyone registered with the number answers (a couple sharing a phone). Unclear words answer too: the
    /// check-in is "answered, to read" and the caller puts the text in front of a coordinator.
    /// </summary>
    private async Task<CareResult> AnswerAsync(string from, ReplyKind answer, CancellationToken ct)
    {
        // Whoever was sent a check-in from this phone is found by one point read; anyone else through the registry index.
        IReadOnlyList<string> ids = await plans.RetireesOfPhoneAsync(from, ct);
        if (ids.Count == 0)
        {
            await index.EnsureCurrentAsync(ct);
            ids = index.All.Where(s => s.Mobile == from).Select(s => s.Id).ToList();
        }
        var answered = new List<AnsweredBy>();
        foreach (var id in ids)
        {
            // The registry is the truth: a link left from an old number, or a death, does not count.
            if ((await retirees.GetAsync(id, ct))?.Retiree is not { } retiree || retiree.Profile.Mobile != from
                || retiree.Profile.Status is RetireeStatus.Deceased or RetireeStatus.Archived) continue;
            if (await AnswerForAsync(retiree, answer, null, ct) is { } done) answered.Add(done);
        }
        return answered.Count > 0 ? new CareResult(true, answered) : CareResult.None;
    }

    /// <summary>
    /// A coordinator read an unclear reply and says what it meant: the check-ins it answered take that answer and
    /// follow its path (well: family told; unwell: call-back; help: urgent incident). Idempotent per answer.
    /// </summary>
    public async Task MarkAsync(IReadOnlyList<string> checkInIds, ReplyKind answer, CancellationToken ct)
    {
        foreach (var group in checkInIds.GroupBy(id => CheckInStore.Parse(id)?.RetireeId))
        {
            if (group.Key is null || (await retirees.GetAsync(group.Key, ct))?.Retiree is not { } retiree) continue;
            var marked = new List<CheckIn>();
            foreach (var id in group)
            {
                // Only the write that changed the answer follows it up: a second click changes nothing.
                var changed = false;
                var updated = await checkIns.UpdateAsync(id, c => (changed = c.Answer != answer)
                    ? c with { Status = CheckInStatus.Answered, Answer = answer, AnsweredAt = c.AnsweredAt ?? clock.UtcNow, CallBack = answer == ReplyKind.Unwell } : null, ct);
                if (changed && updated is not null) marked.Add(updated);
            }
            if (marked.Count > 0) await AnswerForAsync(retiree, answer, marked, ct);
        }
    }

    private async Task<AnsweredBy?> AnswerForAsync(Retiree retiree, ReplyKind answer, IReadOnlyList<CheckIn>? marked, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var answered = new List<CheckIn>();
        if (marked is not null) answered.AddRange(marked);
        else
            foreach (var c in await OpenCheckInsAsync(retiree.Id, ct))
            {
                var updated = await checkIns.UpdateAsync(c.Id, x => x.Status == CheckInStatus.Answered ? null
                    : x with { Status = CheckInStatus.Answered, Answer = answer, AnsweredAt = now, CallBack = answer == ReplyKind.Unwell }, ct);
                if (updated is { Status: CheckInStatus.Answered }) answered.Add(updated);
            }
        var openIncidents = (await incidents.ListOpenOfAsync(retiree.Id, ct)).Where(s => s.Status != IncidentStatus.Resolved).ToList();
        // Help is heard at any time; other words answer only something open.
        if (answered.Count == 0 && openIncidents.Count == 0 && answer != ReplyKind.Help) return null;
        var result = new AnsweredBy(retiree.Id, retiree.Profile.Name, answered.Select(c => c.Id).ToList());
        var local = clock.ToLocal(now).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        if (answer == ReplyKind.Help)
        {
            var help = openIncidents.FirstOrDefault(s => s.Kind == IncidentKind.Help);
            if (help is not null)
                await engine.AddNoteAsync(help.Id, "retiree", TimelineTexts.HelpAgain(now, local), ct);
            else
            {
                var id = $"i-help-{retiree.Id}-{CareRows.Slot(now)}";
                await engine.OpenAsync(id, IncidentKind.Help, retiree, answered.FirstOrDefault()?.Id, now, "retiree", TimelineTexts.HelpOpened(now, local), ct);
                foreach (var s in openIncidents.Where(s => s.Kind != IncidentKind.Help))
                    {
                    var note = TimelineTexts.HelpTookOver(now, local);
                    await engine.ResolveAsync(s.Id, new Resolution(IncidentOutcome.Other, note.English, now, "retiree", null, note.Code, note.Args), ct);
                }
            }
            return result;
        }

        // Any other reply is a sign of life: silence (and an undelivered check-in) is over.
        foreach (var s in openIncidents.Where(s => s.Kind != IncidentKind.Help))
            await engine.ResolveAsync(s.Id, answer switch
            {
                ReplyKind.Well => new Resolution(IncidentOutcome.Well, $"The retiree replied well at {local}.", now, "retiree"),
                ReplyKind.Unwell => new Resolution(IncidentOutcome.Other, $"The retiree replied not feeling well at {local}; the volunteer was asked to call today.", now, "retiree"),
                ReplyKind.OptOut => new Resolution(IncidentOutcome.Other, $"The retiree replied STOP at {local}: they are there; check-ins move to phone calls.", now, "retiree"),
                _ => new Resolution(IncidentOutcome.Other, $"The retiree replied at {local}; a coordinator reads the reply.", now, "retiree"),
            }, ct);
        if (answer == ReplyKind.Unwell)
        {
            var key = answered.FirstOrDefault()?.Id ?? $"{retiree.Id}:{clock.Today:yyyyMMdd}";
            foreach (var v in await recipients.VolunteersAsync(retiree.Profile, retiree.Id, ct))
                await messages.QueueAsync(new CareMessage(v.Phone, CareTemplates.CallBack,
                    new Dictionary<string, string> { ["name"] = retiree.Profile.Name, ["phone"] = engine.Display(retiree.Profile.Mobile, retiree.Profile.Landline) },
                    v.Language, CarePurpose.CallBack, $"callback:{key}:{v.Phone}", false, retiree.Id), ct);
        }
        else if (answer == ReplyKind.Well)
            foreach (var c in answered) await family.WellAsync(retiree, c, ct);
        return result;
    }

    /// <summary>Today's and yesterday's check-in and those of recent mass check-ins: point reads.</summary>
    private async Task<IReadOnlyList<CheckIn>> OpenCheckInsAsync(string retireeId, CancellationToken ct)
    {
        var ids = new List<string>
        {
            CheckInStore.IdOf(CheckInStore.DayPartition(clock.Today), retireeId),
            CheckInStore.IdOf(CheckInStore.DayPartition(clock.Today.AddDays(-1)), retireeId),
        };
        ids.AddRange((await checkIns.RecentMassesAsync(clock.UtcNow - TimeSpan.FromDays(2), ct)).Select(m => CheckInStore.IdOf(CheckInStore.MassPartition(m.Id), retireeId)));
        var list = new List<CheckIn>();
        foreach (var id in ids)
        {
            if (await checkIns.GetAsync(id, ct) is not { } found) continue;
            if (found.CheckIn.Status != CheckInStatus.Answered) list.Add(found.CheckIn);
            // Answered already: maybe by this very reply, handled before a crash that came before the count.
            else await checkIns.CountAsync(found.CheckIn, ct);
        }
        return list;
    }

    private async Task<bool> ConsentAsync(string from, bool yes, CancellationToken ct)
    {
        var rows = await plans.ConsentsOfPhoneAsync(from, ct);
        if (rows.Count == 0) return false;
        foreach (var consent in rows)
        {
            var state = yes ? ConsentState.Yes : ConsentState.No;
            if (consent.State == state) continue;
            await plans.SaveConsentAsync(consent with { State = state, AnsweredAt = clock.UtcNow }, ct);
            log.LogInformation("Emergency contact consent for {Retiree}: {State}", consent.RetireeId, state);
            if (yes && (await retirees.GetAsync(consent.RetireeId, ct))?.Retiree is { } retiree)
                await messages.QueueAsync(new CareMessage(from, CareTemplates.ConsentThanks, new Dictionary<string, string> { ["name"] = retiree.Profile.Name },
                    retiree.Profile.Language, CarePurpose.Consent, $"consent-yes:{consent.RetireeId}:{from}:{clock.UtcNow.UtcTicks}", false, retiree.Id), ct);
        }
        return true;
    }
}
