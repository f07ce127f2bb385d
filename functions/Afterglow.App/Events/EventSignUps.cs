using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Domain.Events;
using Azure;

namespace Afterglow.App.Events;

/// <summary>What an answer did: the person's state after it (null: no open event, or they are not on its list).</summary>
public sealed record AnswerResult(AttendeeState? State, bool Changed);

/// <summary>
/// Sign-ups, places and the waiting list. Every change is one transaction on the event's partition under the
/// event's ETag (<see cref="EventStore.TryCommitAsync"/>): a lost race is read again and decided again, so the
/// last place goes to exactly one person. The SMS that tells of a change is marked on the row in that same
/// transaction and queued after it (keyed by the row's version); a crash in between leaves the mark, which the
/// reminder timer finds and sends — late, never lost, never twice.
/// </summary>
public sealed class EventSignUps(EventStore store, SmsOutbox outbox, RegistryIndex index, OfficeClock clock, OfficeOptions office, EventsOptions options)
{
    /// <summary>A retiree's answer, by SMS ("sms") or through staff (their email). Staff may sign up someone who was not invited.</summary>
    public async Task<AnswerResult> AnswerAsync(string eventId, string retireeId, SignUpAnswer answer, string answeredBy, bool mayAdd, CancellationToken ct)
    {
        var (result, changed) = await Optimistic.RetryAsync<(AnswerResult, IReadOnlyList<Attendee>)>($"Event {eventId}", async token =>
        {
            var none = (true, (new AnswerResult(null, false), (IReadOnlyList<Attendee>)[]));
            if (await store.GetAsync(eventId, token) is not var (e, etag) || e.State != EventState.Open || e.StartsAt <= clock.UtcNow) return none;
            var found = await store.GetAttendeeAsync(eventId, retireeId, token);
            var current = found?.Attendee ?? (mayAdd ? await NewAttendeeAsync(retireeId, token) : null);
            if (current is null) return none;
            // Someone who gives up a place frees it for the first in line: only then is the waiting list read.
            var waiting = answer == SignUpAnswer.Decline && current.State == AttendeeState.Joined ? await store.WaitingAsync(eventId, token) : [];
            var change = SignUps.Answer(e.Capacity, e.Joined, found is null ? null : current.State, answer, EventMapping.WaitingList(waiting.Select(w => w.Attendee)));
            if (!change.Changed) return (true, (new AnswerResult(current.State, false), (IReadOnlyList<Attendee>)[]));

            var now = clock.UtcNow;
            var rows = new List<(Attendee Before, Attendee After, ETag? ETag)>
            {
                (current, current with
                {
                    State = change.Next, AnsweredBy = answeredBy, AnsweredAt = now, WaitingSince = change.Next == AttendeeState.Waiting ? now : null,
                    Version = current.Version + 1, Notice = NoticeFor(change.Next),
                }, found?.ETag),
            };
            foreach (var id in change.Promoted)
            {
                var (w, tag) = waiting.First(x => x.Attendee.RetireeId == id);
                rows.Add((w, w with { State = AttendeeState.Joined, WaitingSince = null, Version = w.Version + 1, Notice = EventTemplates.PlaceFreed }, tag));
            }
            var next = rows.Aggregate(e, (ev, r) => Tally(ev, found is null && r.Before == current ? null : r.Before.State, r.After.State));
            if (!await store.TryCommitAsync(next, etag, rows.Select(r => (r.After, r.ETag)).ToList(), token)) return (false, default);
            if (found is null) await store.AddInvitationPointerAsync(eventId, retireeId, now, token);
            return (true, (new AnswerResult(change.Next, true), rows.Select(r => r.After).ToList()));
        }, ct);
        foreach (var a in changed) await DeliverAsync(eventId, a, ct);
        return result;
    }

    /// <summary>Places freed by a larger capacity go to the waiting list, longest waiting first (also run by the timer).</summary>
    public async Task FillFreedPlacesAsync(string eventId, CancellationToken ct)
    {
        var promoted = await Optimistic.RetryAsync<IReadOnlyList<Attendee>>($"Event {eventId}", async token =>
        {
            if (await store.GetAsync(eventId, token) is not var (e, etag) || e.State != EventState.Open || e.Joined >= e.Capacity || e.Waiting == 0) return (true, []);
            var waiting = await store.WaitingAsync(eventId, token);
            var ids = SignUps.Promote(e.Capacity, e.Joined, EventMapping.WaitingList(waiting.Select(w => w.Attendee))).Take(99).ToHashSet(StringComparer.Ordinal);
            var rows = waiting.Where(w => ids.Contains(w.Attendee.RetireeId))
                .Select(w => (w.Attendee with { State = AttendeeState.Joined, WaitingSince = null, Version = w.Attendee.Version + 1, Notice = EventTemplates.PlaceFreed }, (ETag?)w.ETag)).ToList();
            if (rows.Count == 0) return (true, []);
            var next = rows.Aggregate(e, (ev, _) => Tally(ev, AttendeeState.Waiting, AttendeeState.Joined));
            return await store.TryCommitAsync(next, etag, rows, token) ? (true, rows.Select(r => r.Item1).ToList()) : (false, []);
        }, ct);
        foreach (var a in promoted) await DeliverAsync(eventId, a, ct);
    }

    /// <summary>Came or did not come, marked on the day; the event counts those who came. Null when they are not on the list.</summary>
    public async Task<Attendee?> MarkAttendanceAsync(string eventId, string retireeId, bool attended, string by, CancellationToken ct) =>
        await Optimistic.RetryAsync<Attendee?>($"Event {eventId}", async token =>
        {
            if (await store.GetAsync(eventId, token) is not var (e, etag) || await store.GetAttendeeAsync(eventId, retireeId, token) is not var (a, tag)) return (true, null);
            if (a.Attended == attended) return (true, a);
            var after = a with { Attended = attended, AttendanceBy = by };
            var next = e with { Attended = e.Attended + (attended ? 1 : 0) - (a.Attended == true ? 1 : 0) };
            return await store.TryCommitAsync(next, etag, [(after, tag)], token) ? (true, after) : (false, null);
        }, ct);

    /// <summary>Queues the SMS a row is marked with, then clears the mark (a row changed since keeps its newer one).</summary>
    public async Task DeliverAsync(string eventId, Attendee changed, CancellationToken ct)
    {
        if (changed.Notice is not { } template || await store.GetAsync(eventId, ct) is not var (e, _)) return;
        var p = Parameters(e, changed);
        if (template == EventTemplates.Waiting)
            p["position"] = SignUps.PositionOf(changed.RetireeId, EventMapping.WaitingList((await store.WaitingAsync(eventId, ct)).Select(w => w.Attendee))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await outbox.QueueAsync(new OutgoingSms(changed.Mobile, template, p, changed.Language, SmsPurpose.Notice,
            $"event:{eventId}:{changed.RetireeId}:v{changed.Version}", $"event {eventId}", RetireeId: changed.RetireeId), ct);
        if (await store.GetAttendeeAsync(eventId, changed.RetireeId, ct) is var (now, tag) && now.Version == changed.Version)
            await store.ClearNoticeAsync(eventId, now, tag, ct);
    }

    /// <summary>What every event SMS may say: the office, the person, the event and its code, the text for those living elsewhere.</summary>
    public Dictionary<string, string> Parameters(Event e, Attendee a) => new(StringComparer.Ordinal)
    {
        ["office"] = office.Name, ["name"] = a.Name, ["title"] = e.Title, ["when"] = EventValidation.When(e.StartsAt, clock, a.Language),
        ["time"] = clock.ToLocal(e.StartsAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["place"] = e.Place, ["code"] = e.Code, ["alternative"] = e.ElsewhereText ?? options.ElsewhereText,
    };

    private async Task<Attendee?> NewAttendeeAsync(string retireeId, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        return index.Find(retireeId) is { } s && s.Status is not (Domain.Registry.RetireeStatus.Deceased or Domain.Registry.RetireeStatus.Archived)
            ? EventInvitations.AttendeeOf(s, AttendeeState.Invited, clock.UtcNow) : null;
    }

    private static string NoticeFor(AttendeeState state) => state switch
    {
        AttendeeState.Joined => EventTemplates.Joined,
        AttendeeState.Waiting => EventTemplates.Waiting,
        _ => EventTemplates.Declined,
    };

    /// <summary>The event's counts after one row moves from one state to another.</summary>
    private static Event Tally(Event e, AttendeeState? from, AttendeeState to)
    {
        int Delta(AttendeeState s) => (to == s ? 1 : 0) - (from == s ? 1 : 0);
        return e with
        {
            Joined = e.Joined + Delta(AttendeeState.Joined), Waiting = e.Waiting + Delta(AttendeeState.Waiting), Declined = e.Declined + Delta(AttendeeState.Declined),
            Invited = e.Invited + (from is null ? 1 : 0),
        };
    }
}
