using Afterglow.Domain.Events;

namespace Afterglow.Tests.Unit;

/// <summary>The sign-up rules without storage: places in order, the waiting list, the same answer twice.</summary>
public class SignUpsTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 2, null, AttendeeState.Joined)]
    [InlineData(3, 3, null, AttendeeState.Waiting)]
    [InlineData(3, 2, AttendeeState.Invited, AttendeeState.Joined)]
    [InlineData(3, 3, AttendeeState.Declined, AttendeeState.Waiting)]
    [InlineData(3, 3, AttendeeState.Elsewhere, AttendeeState.Waiting)]
    [InlineData(1, 0, AttendeeState.Declined, AttendeeState.Joined)]
    public void Join_takes_a_free_place_or_waits(int capacity, int joined, AttendeeState? current, AttendeeState expected)
    {
        var change = SignUps.Answer(capacity, joined, current, SignUpAnswer.Join, []);
        Assert.Equal(expected, change.Next);
        Assert.True(change.Changed);
        Assert.Empty(change.Promoted);
    }

    [Theory]
    [InlineData(AttendeeState.Joined, SignUpAnswer.Join)]
    [InlineData(AttendeeState.Waiting, SignUpAnswer.Join)]
    [InlineData(AttendeeState.Declined, SignUpAnswer.Decline)]
    public void The_same_answer_again_changes_nothing(AttendeeState current, SignUpAnswer answer)
    {
        var change = SignUps.Answer(1, 1, current, answer, [new("w1", T)]);
        Assert.False(change.Changed);
        Assert.Equal(current, change.Next);
        Assert.Empty(change.Promoted);
    }

    [Fact]
    public void A_place_given_up_goes_to_the_longest_waiting()
    {
        var waiting = new WaitingEntry[] { new("late", T.AddMinutes(5)), new("early", T), new("middle", T.AddMinutes(1)) };
        Assert.Equal(["early"], SignUps.Answer(2, 2, AttendeeState.Joined, SignUpAnswer.Decline, waiting).Promoted);
        // Leaving the waiting list, or declining without a place, frees nothing.
        Assert.Empty(SignUps.Answer(2, 2, AttendeeState.Waiting, SignUpAnswer.Decline, waiting).Promoted);
        Assert.Empty(SignUps.Answer(2, 2, AttendeeState.Invited, SignUpAnswer.Decline, waiting).Promoted);
        Assert.Equal(["early", "middle"], SignUps.Promote(4, 2, waiting));
        Assert.Empty(SignUps.Promote(2, 3, waiting));
        Assert.Equal(3, SignUps.PositionOf("late", waiting));
    }

    [Fact]
    public void A_bare_reply_answers_the_latest_invitation_of_an_event_still_to_come()
    {
        var list = new (string, DateTimeOffset, DateTimeOffset)[]
        {
            ("older", T, T.AddDays(10)), ("newest-but-over", T.AddHours(2), T.AddHours(-1)), ("newer", T.AddHours(1), T.AddDays(3)),
        };
        Assert.Equal("newer", SignUps.LatestOpen(list, T));
        Assert.Null(SignUps.LatestOpen(list, T.AddDays(11)));
    }
}
