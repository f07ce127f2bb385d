using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Phones;

namespace Afterglow.App.CheckIns;

/// <summary>What a message from someone an incident alerted did.</summary>
public enum FieldResult
{
    /// <summary>Not about an incident this sender was alerted on: the ordinary path (acknowledgement, check-in, inbox).</summary>
    None,
    /// <summary>Attached to the incident's timeline as a field report.</summary>
    Reported,
    /// <summary>The incident's code with an outcome word: resolved, as on the dashboard.</summary>
    Resolved,
    /// <summary>An open incident's code from a number it never alerted: nothing changed; a coordinator sees it in the inbox.</summary>
    Refused,
}

/// <summary>
/// While an incident is open, the people it alerted (volunteer, liaison, family, coordinator on duty) report from
/// the field by SMS: "at the door, nobody answers" goes on that incident's timeline, not into the general inbox,
/// and the code with an outcome word ("4821 住院", "found well 4821") resolves it the way the dashboard does
/// (hospitalised holds check-ins, deceased records the death) — liaisons have no login. A bare OK/NO stays an
/// acknowledgement or a decline (<see cref="CareReplies"/>); OK/NO with more words is both a report and that answer. Without a code, a sender alerted on several open
/// incidents reports on the most recent one, and the report says so; resolving always needs the code.
/// </summary>
public sealed class FieldReports(IncidentStore incidents, EscalationEngine engine, CareReplies replies, CarePlanStore plans, AuditLog audit, OfficeClock clock, ILogger<FieldReports> log)
{
    public async Task<FieldResult> HandleAsync(string from, string text, ParsedReply reply, DateTimeOffset receivedAt, string messageId, CancellationToken ct)
    {
        var open = (await incidents.ListOpenAsync(ct)).Where(s => s.Status != IncidentStatus.Resolved).ToList();
        var yesNo = reply.Kind is ReplyKind.Yes or ReplyKind.No;
        // OK 4821, 好的, NO: an acknowledgement or a decline and nothing more (CareReplies).
        if (yesNo && ReplyClassifier.IsBare(text)) return FieldResult.None;
        IncidentSummary target;
        var alertedOn = 1;
        if (reply.Code is { } code)
        {
            var id = await incidents.FindByCodeAsync(code, ct);
            if (open.FirstOrDefault(s => s.Id == id) is not { } coded) return FieldResult.None; // a stale code or a call task's
            if (!coded.NotifiedPhones.Contains(from))
                // Staff and the paired volunteer may still acknowledge by code (as on the dashboard); nobody else acts on it.
                return yesNo ? FieldResult.None : FieldResult.Refused;
            target = coded;
        }
        else
        {
            var mine = open.Where(s => s.NotifiedPhones.Contains(from)).OrderByDescending(s => s.OpenedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
            // A sender who is also a retiree with check-ins answers their own check-in without a code.
            if (mine.Count == 0 || (await plans.RetireesOfPhoneAsync(from, ct)).Count > 0) return FieldResult.None;
            target = mine[0];
            alertedOn = mine.Count;
        }

        if (await incidents.GetAsync(target.Id, ct) is not var (incident, _)) return FieldResult.None;
        var sender = incident.Steps.SelectMany(s => s.Recipients).LastOrDefault(r => r.Phone == from);
        var name = sender?.Name ?? PhoneNumberRules.Mask(from);

        if (reply.Code is not null && OutcomeWords.Read(text) is { } outcome)
        {
            var note = TimelineTexts.ResolvedBySms(name, sender?.Role, text);
            var resolved = await engine.ResolveAsync(target.Id, new Resolution(outcome, note.English, clock.UtcNow, name, from, note.Code, note.Args), ct);
            if (resolved?.Resolution?.Phone == from)
                await audit.RecordAsync(Caller.System, "incident.resolve", target.RetireeId, $"Resolved incident {target.Code} by SMS from {name}: {outcome}", ct);
            log.LogInformation("Incident {Id} resolved by SMS ({Outcome})", target.Id, outcome);
            return FieldResult.Resolved;
        }

        // Keyed by the provider's id: a redelivery after a crash writes the same line, not a second one.
        await incidents.AppendOnceAsync(target.Id, TimelineEvent.Of(receivedAt, "fieldReport", name,
            TimelineTexts.FieldReport(text, alertedOn, target.Code), null, name, from, sender?.Role), messageId, ct);
        if (yesNo)
            // "到门口了，敲门没人应": the report, and the NO it says (the ladder moves on), or the OK.
            await replies.AcknowledgeAsync(from, reply with { Code = target.Code }, ct);
        else if (target.Status == IncidentStatus.Open && ReplyMeanings.ForContact(reply.Kind) == ReplyKind.Yes)
            // Words that say they reached the retiree (人没事, 👍) acknowledge an incident still waiting for someone.
            await engine.AcknowledgeAsync(target.Id, new Acknowledgement(clock.UtcNow, name, from, "sms"), ct);
        return FieldResult.Reported;
    }
}
