using System.Threading.Channels;
using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;

namespace Afterglow.App.Sms;

/// <summary>An SMS someone wants sent: a template, its parameters and the recipient's language, never loose text.</summary>
public sealed record OutgoingSms(
    string To, string TemplateId, IReadOnlyDictionary<string, string> Parameters, string Language, SmsPurpose Purpose, string Key, string Cause,
    bool IgnoreQuietHours = false, string? RetireeId = null, string? BroadcastId = null, bool IgnoreOptOut = false, DateTimeOffset? NotBefore = null);

/// <summary>
/// The only way an SMS is queued. Every message is stored (with a due row) before anything is sent; the
/// dispatcher is then kicked so an escalation does not wait for the next minute. Implements the care engine's
/// <see cref="ICareMessages"/>: a repeated key is a no-op, which is the engine's exactly-once guarantee.
/// </summary>
public sealed class SmsOutbox(
    OutboxStore store, SmsTemplates templates, MainlandTemplates mainland, SmsOptions options, OfficeClock clock, OfficeProfile office, DispatchKick kick, RefusalNotices refusals) : ICareMessages
{
    public Task QueueAsync(CareMessage message, CancellationToken ct) =>
        QueueAsync(new OutgoingSms(message.To, message.TemplateId, message.Parameters, message.Language, PurposeOf(message.Purpose), message.Key, "care",
            message.IgnoreQuietHours, message.RetireeId), ct);

    private static SmsPurpose PurposeOf(CarePurpose p) => p switch
    {
        CarePurpose.CheckIn => SmsPurpose.CheckIn,
        CarePurpose.Reminder => SmsPurpose.Reminder,
        CarePurpose.Consent => SmsPurpose.Consent,
        CarePurpose.SystemAlert => SmsPurpose.System,
        _ => SmsPurpose.Escalation,
    };

    /// <summary>Queues one message (staff text that mainland rules make too long becomes several; the first is returned).</summary>
    public async Task<SmsMessage> QueueAsync(OutgoingSms sms, CancellationToken ct)
    {
        var template = await templates.GetAsync(sms.TemplateId, ct) ?? throw new KeyNotFoundException($"No template {sms.TemplateId}.");
        var queued = new List<SmsMessage>();
        foreach (var message in PrepareAll(sms, template)) queued.Add(await QueueOneAsync(message, ct));
        return queued[0];
    }

    private async Task<SmsMessage> QueueOneAsync(SmsMessage message, CancellationToken ct)
    {
        // The due row first: a crash before the message is written leaves a row the dispatcher drops, never a
        // message nothing reads. A message refused under the provider's rules is final and gets none.
        if (message.State == SmsState.Pending) await store.AddDueAsync(message.Id, message.NotBefore, ct);
        if (await store.TryAddAsync(message, ct))
        {
            // Refused: never sent; the care engine hears of it as of any undelivered message.
            if (message.State == SmsState.Failed) refusals.Add(message);
            else kick.Kick();
            return message;
        }
        // Queued before — perhaps by a run that crashed before filing it as due: filed again (idempotent).
        var existing = (await store.GetAsync(message.Id, ct))!.Value.Message;
        if (existing.State == SmsState.Pending && existing.NotBefore != message.NotBefore) await store.AddDueAsync(existing.Id, existing.NotBefore, ct);
        return existing;
    }

    /// <summary>Many at once (a broadcast): transactions of 100. Returns how many were new.</summary>
    public async Task<int> QueueManyAsync(IReadOnlyList<SmsMessage> messages, CancellationToken ct)
    {
        // Due rows first, as above; already there from an earlier, interrupted run: filed again, harmlessly.
        // Refused ones are final already and get none.
        await store.AddDueManyAsync(messages.Where(m => m.State == SmsState.Pending).Select(m => (m.Id, m.NotBefore)).ToList(), ct);
        var added = await store.AddManyAsync(messages, ct);
        kick.Kick();
        return added.Count;
    }

    /// <summary>
    /// The stored forms of a message. Under mainland rules: the text as the phone shows it (signature included), staff text
    /// split into parts (keys "…#2"), and a message the provider would refuse stored as failed with the reason, never sent.
    /// </summary>
    public IReadOnlyList<SmsMessage> PrepareAll(OutgoingSms sms, SmsTemplate template)
    {
        var parts = mainland.Split(template, sms.Parameters);
        return parts.Select((parameters, i) =>
        {
            var part = i == 0 ? sms with { Parameters = parameters } : sms with { Parameters = parameters, Key = $"{sms.Key}#{i + 1}" };
            var message = Prepare(part, mainland.PhoneText(template, sms.Language, parameters));
            return mainland.Refusal(template, sms.Language, parameters) is { } why
                ? message with { State = SmsState.Failed, FinishedAt = message.CreatedAt, Error = "Refused before sending: " + why }
                : message;
        }).ToList();
    }

    /// <summary>The stored form of a message: checked, measured, and held back past quiet hours unless it may wake someone.</summary>
    public SmsMessage Prepare(OutgoingSms sms, string text)
    {
        if (!IsE164(sms.To)) throw new ArgumentException($"Not a phone number in E.164 form: {sms.To}.", nameof(sms));
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The message is empty.", nameof(sms));
        if (text.Length > SmsSegments.MaxLength) throw new ArgumentException($"The message is longer than {SmsSegments.MaxLength} characters.", nameof(sms));
        var now = clock.UtcNow;
        var notBefore = sms.NotBefore is { } at && at > now ? at : now;
        if (!sms.IgnoreQuietHours) notBefore = office.QuietHours.NextAllowed(notBefore, clock.Zone);
        var id = OutboxStore.IdOf(sms.Key);
        return new SmsMessage
        {
            Id = id, Key = sms.Key, To = sms.To, From = options.From, TemplateId = sms.TemplateId, Parameters = sms.Parameters, Language = sms.Language,
            Text = text, Segments = mainland.Measure(text).Segments, Purpose = sms.Purpose, Cause = sms.Cause, RetireeId = sms.RetireeId,
            BroadcastId = sms.BroadcastId, IgnoreQuietHours = sms.IgnoreQuietHours, IgnoreOptOut = sms.IgnoreOptOut,
            CreatedAt = now, NotBefore = notBefore, ExpiresAt = notBefore + options.Expiry, RepeatabilityId = OutboxStore.RepeatabilityIdOf(id),
        };
    }

    public static bool IsE164(string? phone) =>
        phone is { Length: >= 8 and <= 16 } && phone[0] == '+' && phone[1] != '0' && phone.Skip(1).All(char.IsAsciiDigit);
}

/// <summary>"Something was queued": wakes the dispatcher loop, at most one wake-up waiting.</summary>
public sealed class DispatchKick
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Kick() => _wake.Writer.TryWrite(true);
    public ChannelReader<bool> Wakes => _wake.Reader;
}

/// <summary>
/// Runs the dispatcher as soon as something is queued, besides the minute timer. The dispatcher (and the SMS
/// gateway behind it) is built at the first kick, not when the host starts: a cold start that only answers a page
/// need not build it.
/// </summary>
public sealed class DispatchKickLoop(DispatchKick kick, IServiceProvider services, OfficeClock clock, ILogger<DispatchKickLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await kick.Wakes.WaitToReadAsync(stoppingToken))
            {
                kick.Wakes.TryRead(out _);
                try { log.LogDebug("SmsDispatch (kicked): {Result}", await services.GetRequiredService<SmsDispatcher>().RunAsync(new Hosting.TimerInvocation(SmsDispatcher.FunctionName, clock.UtcNow, false, null), stoppingToken)); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "SmsDispatch (kicked) failed; the timer tries again"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
