using Afterglow.Domain.CheckIns;

namespace Afterglow.App.Sms;

/// <summary>
/// Replies that answer an invitation (1 join, 0 decline). Events implement it; the inbound path only knows this, so
/// Sms does not depend on Events (docs/decisions/0017-event-sign-up-by-sms.md).
/// </summary>
public interface ISignUpReplies
{
    /// <summary>"1 3807": the reply names an event by its code; true when it answered that event's invitation.</summary>
    Task<bool> TryCodedAsync(string from, ParsedReply reply, CancellationToken ct);

    /// <summary>A bare 1 or 0 that no check-in took: the most recent open invitation; true when it answered one.</summary>
    Task<bool> TryBareAsync(string from, ParsedReply reply, CancellationToken ct);

    /// <summary>A check-in took a bare 1 or 0 while an invitation waits for an answer: say how to answer the invitation.</summary>
    Task HintAsync(string from, ParsedReply reply, CancellationToken ct);
}

/// <summary>Where no events are registered.</summary>
public sealed class NoSignUpReplies : ISignUpReplies
{
    public Task<bool> TryCodedAsync(string from, ParsedReply reply, CancellationToken ct) => Task.FromResult(false);
    public Task<bool> TryBareAsync(string from, ParsedReply reply, CancellationToken ct) => Task.FromResult(false);
    public Task HintAsync(string from, ParsedReply reply, CancellationToken ct) => Task.CompletedTask;
}
