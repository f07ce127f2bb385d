namespace Afterglow.Domain.Events;

/// <summary>Where a retiree stands with an event: asked, in, waiting for a place, said no, or offered the local alternative.</summary>
public enum AttendeeState { Invited, Joined, Waiting, Declined, Elsewhere }

/// <summary>A retiree's answer to an invitation, by SMS (1 / 0) or told to staff on the phone.</summary>
public enum SignUpAnswer { Join, Decline }

/// <summary>Someone on the waiting list, in the order they asked.</summary>
public sealed record WaitingEntry(string RetireeId, DateTimeOffset Since);

/// <summary>What an answer does: the person's new state, and whoever on the waiting list takes a place it freed.</summary>
public sealed record SignUpChange(AttendeeState Next, bool Changed, IReadOnlyList<string> Promoted);

/// <summary>
/// The sign-up rules, with no storage: places go in the order answers arrive; a full event puts a "join" on the
/// waiting list; a "decline" from someone with a place frees it for the longest-waiting person. The same answer
/// twice changes nothing, so a redelivered SMS or a second click is harmless.
/// </summary>
public static class SignUps
{
    public const int MaxCapacity = 5000;

    public static SignUpChange Answer(int capacity, int joined, AttendeeState? current, SignUpAnswer answer, IReadOnlyList<WaitingEntry> waiting)
    {
        if (answer == SignUpAnswer.Join)
        {
            if (current is AttendeeState.Joined or AttendeeState.Waiting) return new(current.Value, false, []);
            return new(joined < capacity ? AttendeeState.Joined : AttendeeState.Waiting, true, []);
        }
        if (current == AttendeeState.Declined) return new(AttendeeState.Declined, false, []);
        // A place given up goes to the first in line (capacity minus those still in after this one leaves).
        var promoted = current == AttendeeState.Joined ? Promote(capacity, joined - 1, waiting) : [];
        return new(AttendeeState.Declined, true, promoted);
    }

    /// <summary>Who on the waiting list gets a place when <paramref name="joined"/> of <paramref name="capacity"/> are taken: the longest waiting first.</summary>
    public static IReadOnlyList<string> Promote(int capacity, int joined, IReadOnlyList<WaitingEntry> waiting) =>
        waiting.OrderBy(w => w.Since).ThenBy(w => w.RetireeId, StringComparer.Ordinal)
            .Take(Math.Max(0, capacity - joined)).Select(w => w.RetireeId).ToList();

    /// <summary>A place in the queue for the SMS that says so (1 = next in line).</summary>
    public static int PositionOf(string retireeId, IReadOnlyList<WaitingEntry> waiting) =>
        waiting.OrderBy(w => w.Since).ThenBy(w => w.RetireeId, StringComparer.Ordinal).Select(w => w.RetireeId).ToList().IndexOf(retireeId) + 1;

    /// <summary>
    /// Which invitation a bare 1 or 0 answers when no check-in took it (docs/decisions/0017-event-sign-up-by-sms.md): the one
    /// sent most recently among events still to come.
    /// </summary>
    public static T? LatestOpen<T>(IEnumerable<(T Invitation, DateTimeOffset InvitedAt, DateTimeOffset StartsAt)> invitations, DateTimeOffset now) where T : class =>
        invitations.Where(i => i.StartsAt > now).OrderByDescending(i => i.InvitedAt).Select(i => i.Invitation).FirstOrDefault();
}
