using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Events;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Events;

/// <summary>
/// SMS answers to invitations (docs/decisions/0017-event-sign-up-by-sms.md): 1 (or a yes word) joins, 0 (or a no word)
/// declines. With the event's code ("1 3807") the reply answers that event; a bare one answers the most recent
/// invitation of an event still to come, and reaches here only when no check-in or incident took it.
/// </summary>
public sealed class EventReplies(EventStore store, EventSignUps signUps, SmsOutbox outbox, RegistryIndex index, OfficeClock clock) : ISignUpReplies
{
    private static SignUpAnswer? AnswerOf(ParsedReply reply) => reply.Kind switch
    {
        ReplyKind.Well or ReplyKind.Yes => SignUpAnswer.Join,
        ReplyKind.No => SignUpAnswer.Decline,
        _ => null,
    };

    public async Task<bool> TryCodedAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        if (reply.Code is not { } code || AnswerOf(reply) is not { } answer || await store.FindByCodeAsync(code, ct) is not { } e) return false;
        foreach (var id in await RetireesOfAsync(from, ct))
            if ((await signUps.AnswerAsync(e.Id, id, answer, "sms", mayAdd: false, ct)).State is not null) return true;
        return false;
    }

    public async Task<bool> TryBareAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        if (reply.Code is not null || AnswerOf(reply) is not { } answer || await LatestOpenAsync(from, ct) is not var (e, retireeId)) return false;
        return (await signUps.AnswerAsync(e.Id, retireeId, answer, "sms", mayAdd: false, ct)).State is not null;
    }

    public async Task HintAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        if (reply.Code is not null || AnswerOf(reply) is null || await LatestOpenAsync(from, ct) is not var (e, retireeId)) return;
        if (await store.GetAttendeeAsync(e.Id, retireeId, ct) is not ({ State: AttendeeState.Invited } a, _)) return;
        await outbox.QueueAsync(new OutgoingSms(a.Mobile, EventTemplates.Hint, signUps.Parameters(e, a), a.Language, SmsPurpose.Notice,
            $"event:{e.Id}:{retireeId}:hint", $"event {e.Id}", RetireeId: retireeId), ct);
    }

    private sealed record Invitation(Event Event, string RetireeId);

    /// <summary>The invitation a bare reply answers: of the sender's retirees, the one sent last for an event still open and to come.</summary>
    private async Task<(Event Event, string RetireeId)?> LatestOpenAsync(string from, CancellationToken ct)
    {
        var candidates = new List<(Invitation, DateTimeOffset, DateTimeOffset)>();
        foreach (var id in await RetireesOfAsync(from, ct))
            foreach (var (eventId, invitedAt) in await store.InvitationsAsync(id, ct))
                if (await store.GetAsync(eventId, ct) is ({ State: EventState.Open } e, _))
                    candidates.Add((new Invitation(e, id), invitedAt, e.StartsAt));
        return SignUps.LatestOpen(candidates, clock.UtcNow) is { } found ? (found.Event, found.RetireeId) : null;
    }

    /// <summary>The live retirees registered with this number (a couple may share one).</summary>
    private async Task<IReadOnlyList<string>> RetireesOfAsync(string from, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        return index.All.Where(s => s.Mobile == from && s.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            .OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToList();
    }
}
