using Afterglow.App.CheckIns;
using Afterglow.App.Office;

namespace Afterglow.App.Sms;

/// <summary>A gateway's word on one message: delivered to the handset, or not.</summary>
public sealed record DeliveryReport(string MessageId, string To, bool Delivered, string? Details, string? Tag, DateTimeOffset At);

/// <summary>
/// Delivery reports update the outbox and tell the care engine: a check-in that did not arrive is not silence,
/// and an escalation SMS that did not arrive means that person was not reached.
/// </summary>
public sealed class SmsDeliveryReports(OutboxStore store, CareReplies care, OfficeClock clock, ILogger<SmsDeliveryReports> log)
{
    /// <summary>False when the report matches no message of ours (logged, not an error: reports can outlive the outbox).</summary>
    public async Task<bool> HandleAsync(DeliveryReport report, CancellationToken ct)
    {
        var batch = report.Tag is { Length: > 0 } tag ? await store.GetBatchAsync(tag, ct) : null;
        if (batch is null || !batch.TryGetValue(report.To, out var id))
        {
            log.LogWarning("Delivery report {MessageId} to {To} matches no message in the outbox", report.MessageId, Afterglow.Domain.Phones.PhoneNumberRules.Mask(report.To));
            return false;
        }
        var message = await store.UpdateAsync(id, m => m.State is SmsState.Delivered or SmsState.Failed or SmsState.Expired or SmsState.Cancelled ? null : m with
        {
            // A report may overtake the dispatcher's own record of the send: it fills in what the send would have.
            State = report.Delivered ? SmsState.Delivered : SmsState.Failed,
            ProviderMessageId = m.ProviderMessageId ?? report.MessageId,
            SentAt = m.SentAt ?? report.At,
            DeliveredAt = report.Delivered ? report.At : null,
            FinishedAt = clock.UtcNow,
            ClaimedUntil = null,
            Error = report.Delivered ? null : report.Details ?? "Not delivered.",
        }, ct);
        if (message is null) return false;
        // Told every time, not only on the change: the care engine's handlers are idempotent, and a crash between the two must not lose it.
        if (message.State == SmsState.Delivered && message.Cause == "care") await care.OnDeliveredAsync(message.Key, ct);
        else if (message.State == SmsState.Failed) await OnUndeliveredAsync(message, message.Error ?? "not delivered", ct);
        return true;
    }

    /// <summary>A message that failed, expired or was cancelled: the care engine decides what that means for a person.</summary>
    public async Task OnUndeliveredAsync(SmsMessage message, string reason, CancellationToken ct)
    {
        if (message.Cause == "care") await care.OnDeliveryFailedAsync(message.Key, message.To, reason, ct);
    }
}
