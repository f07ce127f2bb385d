using System.Threading.Channels;

namespace Afterglow.App.Sms.China;

/// <summary>
/// Tells the care engine of messages refused when queued — after the queuing call has returned, never inside it: the
/// care engine queues while it holds a check-in or an incident, and hearing "undelivered" in the middle would have it
/// change the record it is about to write. A notice lost to a crash only delays the alarm (the answer window closes).
/// </summary>
public sealed class RefusalNotices(IServiceProvider services, ILogger<RefusalNotices> log) : BackgroundService
{
    private readonly Channel<SmsMessage> _refused = Channel.CreateUnbounded<SmsMessage>();

    public void Add(SmsMessage message) => _refused.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var m in _refused.Reader.ReadAllAsync(stoppingToken))
            {
                try { await services.GetRequiredService<SmsDeliveryReports>().OnUndeliveredAsync(m, m.Error ?? "Refused before sending.", stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "The care engine could not take the refusal of SMS {Id} ({Key})", m.Id, m.Key); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
