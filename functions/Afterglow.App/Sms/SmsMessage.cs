namespace Afterglow.App.Sms;

/// <summary>pending → sending → sent → delivered / failed / expired; cancelled when the recipient may no longer be texted.</summary>
public enum SmsState { Pending, Sending, Sent, Delivered, Failed, Expired, Cancelled }

/// <summary>Why a message is sent: quiet hours and the "never to the deceased or opted out" rules depend on it.</summary>
public enum SmsPurpose { CheckIn, Reminder, Escalation, Consent, Notice, Broadcast, Reply, Confirmation, System, Greeting }

/// <summary>
/// One SMS in the outbox. <see cref="Id"/> is derived from <see cref="Key"/>, so queuing the same key twice is a
/// no-op; <see cref="RepeatabilityId"/> and <see cref="FirstSentAt"/> go to the gateway with every attempt, so a
/// resend after a crash is recognised there and never reaches the phone twice.
/// </summary>
public sealed record SmsMessage
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string To { get; init; }
    public string From { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
    public string Language { get; set; } = "zh-CN";
    public required string Text { get; init; }
    public int Segments { get; init; }
    public SmsPurpose Purpose { get; init; }
    /// <summary>Who or what asked for it: "care", "broadcast b…", a coordinator's email.</summary>
    public string Cause { get; set; } = "";
    public string? RetireeId { get; init; }
    public string? BroadcastId { get; init; }
    public bool IgnoreQuietHours { get; init; }
    /// <summary>Only the one confirmation of a STOP is sent to an opted-out number.</summary>
    public bool IgnoreOptOut { get; init; }

    public SmsState State { get; init; } = SmsState.Pending;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NotBefore { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    /// <summary>While sending: another dispatcher leaves it alone until then; after that a crash is assumed.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }
    public int Attempts { get; init; }
    public required string RepeatabilityId { get; init; }
    public DateTimeOffset? FirstSentAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? ProviderMessageId { get; init; }
    public string? Error { get; init; }

    public bool IsFinal => State is SmsState.Delivered or SmsState.Failed or SmsState.Expired or SmsState.Cancelled;
    /// <summary>Notices and broadcasts never go to the deceased, archived or those who said no, even if queued before.</summary>
    public bool IsBulk => Purpose is SmsPurpose.Notice or SmsPurpose.Broadcast or SmsPurpose.Greeting;
}
