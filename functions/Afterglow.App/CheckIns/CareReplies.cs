using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>
/// SMS replies, before the coordinators' inbox: graded check-in answers (1/2/3), acknowledgements (OK/NO with
/// or without the code) and consent (YES/STOP). Returns false for anything it does not own, which then goes to
/// the inbox. Acknowledgement words are matched to incidents the sender was notified about first, so a
/// volunteer who is also a retiree acknowledges with OK and answers their own check-in with 1.
/// </summary>
public sealed class CareReplies(
    RegistryIndex index, RetireeStore retirees, CheckInStore checkIns, IncidentStore incidents, CarePlanStore plans, PersonStore people,
    EscalationEngine engine, CareRecipients recipients, CareFamilyNotes family, ICareMessages messages, OfficeClock clock, ILogger<CareReplies> log)
{
    public async Task<bool> HandleAsync(string from, string text, CancellationToken ct)
    {
        var reply = ReplyParser.Parse(text);
        switch (reply.Kind)
        {
            case ReplyKind.Acknowledge:
            case ReplyKind.Decline:
                if (await AcknowledgeAsync(from, reply, ct)) return true;
                if (reply.Code is not null) return false;
                // A plain OK from a retiree with nothing to acknowledge means they are fine; a plain NO from a contact declines consent.
                return reply.Kind == ReplyKind.Acknowledge ? await AnswerAsync(from, ReplyKind.Well, ct) : await ConsentAsync(from, false, ct);
            case ReplyKind.Well:
            case ReplyKind.Unwell:
            case ReplyKind.Help:
                return await AnswerAsync(from, reply.Kind, ct);
            case ReplyKind.ConsentYes:
                return await ConsentAsync(from, true, ct);
            case ReplyKind.ConsentNo:
                return await ConsentAsync(from, false, ct);
            default:
                return false;
        }
    }

    private async Task<bool> AcknowledgeAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        var open = (await incidents.ListOpenAsync(ct)).Where(s => s.Status != IncidentStatus.Resolved).ToList();
        IncidentSummary? target;
        if (reply.Code is { } code)
        {
            var id = await incidents.FindByCodeAsync(code, ct);
            target = open.FirstOrDefault(s => s.Id == id);
            // A code is not a password, but only people the office knows (or who were notified) may act on it.
            if (target is null || (!target.NotifiedPhones.Contains(from) && !await IsKnownPersonAsync(from, ct))) return false;
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
        if (reply.Kind == ReplyKind.Acknowledge)
            await engine.AcknowledgeAsync(target.Id, new Acknowledgement(clock.UtcNow, name, from, "sms"), ct);
        else
            await engine.DeclineAsync(target.Id, from, name, $"{name} replied NO: cannot reach them.", ct);
        return true;
    }

    private async Task<string> NameOfAsync(string incidentId, string phone, CancellationToken ct)
    {
        var incident = (await incidents.GetAsync(incidentId, ct))?.Incident;
        return incident?.Steps.SelectMany(s => s.Recipients).FirstOrDefault(r => r.Phone == phone)?.Name
            ?? (await people.ListAsync(ct)).FirstOrDefault(p => p.Phone == phone)?.Name
            ?? phone;
    }

    private async Task<bool> IsKnownPersonAsync(string phone, CancellationToken ct) =>
        (await people.ListAsync(ct)).Any(p => p.Active && p.Phone == phone);

    /// <summary>A retiree's 1, 2 or 3: closes their open check-ins and whatever those opened (a late answer counts).</summary>
    private async Task<bool> AnswerAsync(string from, ReplyKind answer, CancellationToken ct)
    {
        // Whoever was sent a check-in from this phone is found by one point read; anyone else through the registry index.
        IReadOnlyList<string> ids = await plans.RetireesOfPhoneAsync(from, ct);
        if (ids.Count == 0)
        {
            await index.EnsureCurrentAsync(ct);
            ids = index.All.Where(s => s.Mobile == from).Select(s => s.Id).ToList();
        }
        var handled = false;
        foreach (var id in ids)
        {
            // The registry is the truth: a link left from an old number, or a death, does not count.
            if ((await retirees.GetAsync(id, ct))?.Retiree is not { } retiree || retiree.Profile.Mobile != from
                || retiree.Profile.Status is RetireeStatus.Deceased or RetireeStatus.Archived) continue;
            handled |= await AnswerForAsync(retiree, answer, ct);
        }
        return handled;
    }

    private async Task<bool> AnswerForAsync(Retiree retiree, ReplyKind answer, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var open = await OpenCheckInsAsync(retiree.Id, ct);
        var answered = new List<CheckIn>();
        foreach (var c in open)
        {
            var updated = await checkIns.UpdateAsync(c.Id, x => x.Status == CheckInStatus.Answered ? null
                : x with { Status = CheckInStatus.Answered, Answer = answer, AnsweredAt = now, CallBack = answer == ReplyKind.Unwell }, ct);
            if (updated is { Status: CheckInStatus.Answered }) answered.Add(updated);
        }
        var openIncidents = (await incidents.ListOpenAsync(ct)).Where(s => s.RetireeId == retiree.Id && s.Status != IncidentStatus.Resolved).ToList();
        var local = clock.ToLocal(now).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        if (answer == ReplyKind.Help)
        {
            var help = openIncidents.FirstOrDefault(s => s.Kind == IncidentKind.Help);
            if (help is not null)
                await engine.AddNoteAsync(help.Id, "retiree", $"The retiree asked for help again at {local}.", ct);
            else
            {
                var id = $"i-help-{retiree.Id}-{CareRows.Slot(now)}";
                await engine.OpenAsync(id, IncidentKind.Help, retiree, answered.FirstOrDefault()?.Id, now, "retiree", $"The retiree replied 3 (help) at {local}.", ct);
                foreach (var s in openIncidents.Where(s => s.Kind != IncidentKind.Help))
                    await engine.ResolveAsync(s.Id, new Resolution(IncidentOutcome.Other, $"The retiree replied 3 (help) at {local}; an urgent incident took over.", now, "retiree"), ct);
            }
            return true;
        }

        foreach (var s in openIncidents.Where(s => s.Kind != IncidentKind.Help))
        {
            var resolution = answer == ReplyKind.Well
                ? new Resolution(IncidentOutcome.Well, $"The retiree replied 1 (well) at {local}.", now, "retiree")
                : new Resolution(IncidentOutcome.Other, $"The retiree replied 2 (not feeling well) at {local}; the volunteer was asked to call today.", now, "retiree");
            await engine.ResolveAsync(s.Id, resolution, ct);
        }
        if (answer == ReplyKind.Unwell)
        {
            var key = answered.FirstOrDefault()?.Id ?? $"{retiree.Id}:{clock.Today:yyyyMMdd}";
            foreach (var v in await recipients.VolunteersAsync(retiree.Profile, retiree.Id, ct))
                await messages.QueueAsync(new CareMessage(v.Phone, CareTemplates.CallBack,
                    new Dictionary<string, string> { ["name"] = retiree.Profile.Name, ["phone"] = EscalationEngine.Display(retiree.Profile.Mobile, retiree.Profile.Landline) },
                    v.Language, CarePurpose.CallBack, $"callback:{key}:{v.Phone}", false, retiree.Id), ct);
            return true;
        }
        foreach (var c in answered) await family.WellAsync(retiree, c, ct);
        return answered.Count > 0 || openIncidents.Count > 0;
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
            if (await checkIns.GetAsync(id, ct) is { CheckIn.Status: not CheckInStatus.Answered } found) list.Add(found.CheckIn);
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

    /// <summary>
    /// The outbox could not deliver: a check-in that did not arrive is not silence — a person phones or visits at
    /// once; an escalation SMS that did not arrive counts as that person not reachable.
    /// </summary>
    public async Task OnDeliveryFailedAsync(string key, string to, string reason, CancellationToken ct)
    {
        if (key.StartsWith("checkin:", StringComparison.Ordinal))
        {
            var id = key["checkin:".Length..];
            var checkIn = await checkIns.UpdateAsync(id, c => c.Status == CheckInStatus.Sent
                ? c with { Status = CheckInStatus.Undelivered, Delivery = Delivery.Failed, IncidentId = "i-u-" + c.Id }
                : c.Delivery == Delivery.Failed ? null : c with { Delivery = Delivery.Failed }, ct);
            if (checkIn is { Status: CheckInStatus.Undelivered, IncidentId: { } incidentId } && (await retirees.GetAsync(checkIn.RetireeId, ct))?.Retiree is { } retiree
                && retiree.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
                await engine.OpenAsync(incidentId, IncidentKind.Undelivered, retiree, checkIn.Id, checkIn.DueAt, "system", $"The check-in SMS could not be delivered: {reason}.", ct);
        }
        else if (key.StartsWith("esc:", StringComparison.Ordinal) && key.Split(':') is [_, var incidentId, _, var phone])
        {
            await engine.AddNoteAsync(incidentId, "system", $"The SMS to {phone} could not be delivered: {reason}.", ct);
            await engine.DeclineAsync(incidentId, phone, phone, $"Not reachable by SMS ({reason}).", ct);
        }
    }

    /// <summary>The gateway confirmed delivery: counted in the morning comparison.</summary>
    public async Task OnDeliveredAsync(string key, CancellationToken ct)
    {
        if (!key.StartsWith("checkin:", StringComparison.Ordinal)) return;
        await checkIns.UpdateAsync(key["checkin:".Length..], c => c.Delivery == Delivery.Unknown ? c with { Delivery = Delivery.Delivered } : null, ct);
    }
}
