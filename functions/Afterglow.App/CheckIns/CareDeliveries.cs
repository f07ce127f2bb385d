using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>Delivery reports of check-ins and escalation SMS: the other half of what the phone network tells the care engine.</summary>
public sealed partial class CareReplies
{
    /// <summary>
    /// The outbox could not deliver: a check-in that did not arrive is not silence — a person phones or visits at
    /// once; an escalation SMS that did not arrive counts as that person not reachable.
    /// </summary>
    public async Task OnDeliveryFailedAsync(string key, string to, string reason, CancellationToken ct)
    {
        if (key.StartsWith("checkin:", StringComparison.Ordinal))
        {
            var id = key["checkin:".Length..];
            var changed = false;
            var checkIn = await checkIns.UpdateAsync(id, c => (changed = c.Status == CheckInStatus.Sent)
                ? c with { Status = CheckInStatus.Undelivered, Delivery = Delivery.Failed, IncidentId = "i-u-" + c.Id }
                : c.Delivery == Delivery.Failed ? null : c with { Delivery = Delivery.Failed }, ct);
            if (checkIn is { Status: CheckInStatus.Undelivered, IncidentId: { } incidentId } && (await retirees.GetAsync(checkIn.RetireeId, ct))?.Retiree is { } retiree
                && retiree.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            {
                // A repeated report (or one after a crash) only finishes opening this check-in's own incident.
                if (!changed)
                {
                    if ((await plans.GetAsync(retiree.Id, ct))?.Plan.Channel != CareChannel.Call || await incidents.GetAsync(incidentId, ct) is not null)
                        await engine.OpenAsync(incidentId, IncidentKind.Undelivered, retiree, checkIn.Id, checkIn.DueAt, "system", TimelineTexts.UndeliveredOpened(reason, false), ct);
                    return;
                }
                // Counted once per check-in; the second in a row moves the plan to phone calls.
                var plan = await plans.UpdateAsync(retiree.Id, p => p.Channel == CareChannel.Call ? null : p with
                {
                    UndeliveredInARow = p.UndeliveredInARow + 1,
                    Channel = p.UndeliveredInARow + 1 >= CarePlans.UndeliveredBeforeCall ? CareChannel.Call : CareChannel.Sms,
                    ChannelReason = p.UndeliveredInARow + 1 >= CarePlans.UndeliveredBeforeCall ? ChannelReasons.Undeliverable : null,
                }, ct);
                var moved = plan is { Channel: CareChannel.Call };
                // One incident for a number that stopped taking SMS, not one a day: an open one takes the note.
                if (moved && await engine.OpenIncidentOfAsync(retiree.Id, ct) is { } open)
                    await engine.AddNoteAsync(open, "system", TimelineTexts.UndeliveredAgain(reason, moved), ct);
                else
                    await engine.OpenAsync(incidentId, IncidentKind.Undelivered, retiree, checkIn.Id, checkIn.DueAt, "system", TimelineTexts.UndeliveredOpened(reason, moved), ct);
            }
        }
        else if (key.StartsWith("esc:", StringComparison.Ordinal) && key.Split(':') is [_, var incidentId, _, var phone])
        {
            await engine.AddNoteAsync(incidentId, "system", TimelineTexts.AlertUndelivered(phone, reason), ct);
            await engine.DeclineAsync(incidentId, phone, phone, TimelineTexts.DeclinedUnreachable(reason), ct);
        }
    }

    /// <summary>The gateway confirmed delivery: counted in the morning comparison.</summary>
    public async Task OnDeliveredAsync(string key, CancellationToken ct)
    {
        if (!key.StartsWith("checkin:", StringComparison.Ordinal)) return;
        var checkIn = await checkIns.UpdateAsync(key["checkin:".Length..], c => c.Delivery == Delivery.Unknown ? c with { Delivery = Delivery.Delivered } : null, ct);
        // A delivered check-in ends a run of failures (a write only when there was one).
        if (checkIn is not null) await plans.UpdateAsync(checkIn.RetireeId, p => p.UndeliveredInARow > 0 ? p with { UndeliveredInARow = 0 } : null, ct);
    }
}
