namespace Afterglow.App.Sms;

/// <summary>One recipient of a send, with the ids that let the gateway recognise a resend (azure-notes B.2).</summary>
public sealed record SmsRecipient(string To, string RepeatabilityRequestId, DateTimeOffset RepeatabilityFirstSent)
{
    /// <summary>An earlier attempt may have reached the provider: a gateway without repeatability looks before sending again.</summary>
    public bool Resend { get; init; }
}

/// <summary>The template behind a text: mainland providers send a registered template code and its variables, not text.</summary>
public sealed record SmsTemplateUse(string TemplateId, string Language, IReadOnlyDictionary<string, string> Parameters);

/// <summary>One text to up to 100 recipients; <see cref="Tag"/> comes back in each delivery report.</summary>
public sealed record SmsSendRequest(string From, string Message, IReadOnlyList<SmsRecipient> Recipients, string Tag)
{
    public SmsTemplateUse? Template { get; init; }
}

/// <summary>What the gateway said about one recipient. "rejected" repeatability means: already sent, not sent again.</summary>
public sealed record SmsSendResult(string To, bool Successful, int HttpStatusCode, string? MessageId, string? ErrorMessage, string? RepeatabilityResult)
{
    public bool AlreadySent => string.Equals(RepeatabilityResult, "rejected", StringComparison.OrdinalIgnoreCase);
    /// <summary>Worth another try later: throttled or the service was unavailable for this recipient.</summary>
    public bool Transient => HttpStatusCode is 429 or >= 500;
}

/// <summary>
/// Where the dispatcher hands SMS: Azure Communication Services, or the dev phone. A failed request throws
/// Azure's <see cref="Azure.RequestFailedException"/> (status 0 when the transport failed).
/// </summary>
public interface ISmsGateway
{
    Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct);

    /// <summary>A gateway that simulates delivery reports sends them here, after the dispatcher has recorded the sends.</summary>
    Task SettleAsync(CancellationToken ct) => Task.CompletedTask;
}
