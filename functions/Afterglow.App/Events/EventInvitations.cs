using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.Events;

namespace Afterglow.App.Events;

/// <summary>
/// Invitations: the event's segment through the broadcast's audience rules (no SMS to the deceased, archived,
/// opted out, those without consent, or a second person on a shared number), a row per retiree, then one SMS each
/// through the outbox — the invitation, or to those living elsewhere the alternative text. Keyed per event and
/// retiree, so inviting again (after a crash, or to reach people added to the segment since) sends only what is new.
/// </summary>
public sealed class EventInvitations(EventStore store, BroadcastQueue audience, SmsOutbox outbox, SmsTemplates templates, EventSignUps signUps, OfficeClock clock)
{
    public static string KeyOf(string eventId, string retireeId) => $"event:{eventId}:{retireeId}:invite";

    public static Attendee AttendeeOf(RetireeSummary s, AttendeeState state, DateTimeOffset now) => new()
    {
        RetireeId = s.Id, Name = s.Name, Mobile = s.Mobile, Language = s.Language, Unit = s.Unit, State = state, InvitedAt = now,
    };

    /// <summary>
    /// Opens the event (a draft) and invites everyone in the segment not yet on the list; returns how many were added.
    /// The event is marked open before the first SMS, so a crash part way leaves it open with invitations to finish,
    /// which the reminder timer does.
    /// </summary>
    public async Task<int?> InviteAsync(string eventId, CancellationToken ct)
    {
        var opened = await Storage.Optimistic.RetryAsync<Event?>($"Event {eventId}", async token =>
        {
            if (await store.GetAsync(eventId, token) is not var (current, etag) || current.State == EventState.Cancelled || current.StartsAt <= clock.UtcNow) return (true, null);
            var open = current with { State = EventState.Open, InvitedAt = current.InvitedAt ?? clock.UtcNow, InvitesQueued = false };
            return (await store.TrySaveAsync(open, current, etag, token), open);
        }, ct);
        if (opened is not { } e) return null;
        var now = clock.UtcNow;
        var people = await audience.AudienceAsync(e.Filter, ct);
        var invitees = people.Recipients
            .Select(s => AttendeeOf(s, s.LivesElsewhere ? AttendeeState.Elsewhere : AttendeeState.Invited, now)).ToList();
        var added = await store.AddInviteesAsync(eventId, invitees, ct);

        // Everyone still only invited gets their SMS (again harmlessly: the key is per event and retiree).
        var rows = (await store.AttendeesAsync(eventId, ct)).Select(x => x.Attendee).Where(a => a.State is AttendeeState.Invited or AttendeeState.Elsewhere).ToList();
        var messages = new List<SmsMessage>();
        foreach (var a in rows)
        {
            var template = (await templates.GetAsync(a.State == AttendeeState.Elsewhere ? EventTemplates.Elsewhere : EventTemplates.Invite, ct))!;
            messages.AddRange(outbox.PrepareAll(new OutgoingSms(a.Mobile, template.Id, signUps.Parameters(e, a), a.Language, SmsPurpose.Notice,
                KeyOf(eventId, a.RetireeId), $"event {eventId}", RetireeId: a.RetireeId), template));
        }
        await outbox.QueueManyAsync(messages, ct);

        // Done, with the count of everyone on the list (not the sum of runs: a run repeated after a crash counts once).
        var all = await store.AttendeesAsync(eventId, ct);
        await Storage.Optimistic.RetryAsync<bool>($"Event {eventId}", async token =>
        {
            if (await store.GetAsync(eventId, token) is not var (current, etag) || current.State != EventState.Open) return (true, false);
            var done = current with { Invited = all.Count, InvitesQueued = true };
            return (await store.TrySaveAsync(done, current, etag, token), true);
        }, ct);
        return added.Count;
    }
}
