using Afterglow.Domain.CheckIns;

namespace Afterglow.App.CheckIns;

/// <summary>Why the care engine sends a message; the outbox applies quiet hours and reports by purpose.</summary>
public enum CarePurpose { CheckIn, Reminder, Escalation, Closing, CallBack, Consent, Reassurance, SystemAlert }

/// <summary>
/// One message the care engine wants sent. <see cref="Key"/> is deterministic (incident + step + recipient, or
/// check-in id), so queuing it twice — after a crash, from two timer instances — never makes a second SMS.
/// </summary>
public sealed record CareMessage(
    string To,
    string TemplateId,
    IReadOnlyDictionary<string, string> Parameters,
    string Language,
    CarePurpose Purpose,
    string Key,
    bool IgnoreQuietHours,
    string? RetireeId)
{
    public string Text => CareTemplates.Render(TemplateId, Language, Parameters);
}

/// <summary>The engine's one way out: the SMS outbox (issue 3) behind a small interface the engine owns.</summary>
public interface ICareMessages
{
    Task QueueAsync(CareMessage message, CancellationToken ct);
}

/// <summary>Until the outbox is registered: says loudly that nothing is sent, rather than pretending.</summary>
public sealed class UnsentCareMessages(ILogger<UnsentCareMessages> log) : ICareMessages
{
    public Task QueueAsync(CareMessage message, CancellationToken ct)
    {
        log.LogWarning("No SMS outbox is registered; not sent to {To}: {Key}", Afterglow.Domain.Phones.PhoneNumberRules.Mask(message.To), message.Key);
        return Task.CompletedTask;
    }
}
