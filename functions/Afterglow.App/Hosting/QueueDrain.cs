using Azure;
using Azure.Storage.Queues;

namespace Afterglow.App.Hosting;

/// <summary>
/// Standalone only: drains each queue function's queue as the Functions host's queue listener would — a message
/// is deleted once handled, left to reappear after a failure, and moved to the poison queue after
/// <see cref="QueueMessages.MaxDequeueCount"/> tries. So the dev phone, the fakes and the tests go through the
/// same queue and the same function as Event Grid in Azure.
/// </summary>
public sealed class QueueDrain(QueueServiceClient service, IEnumerable<IQueueFunction> functions, ILogger<QueueDrain> log) : BackgroundService
{
    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Select(f => RunAsync(f, stoppingToken)));

    private async Task RunAsync(IQueueFunction function, CancellationToken ct)
    {
        var queue = service.GetQueueClient(function.QueueName);
        var poison = service.GetQueueClient(QueueMessages.PoisonQueue(function.QueueName));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: ct);
                var handled = await DrainOnceAsync(function, queue, poison, ct);
                if (handled == 0) await Task.Delay(Idle, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (RequestFailedException e)
            {
                log.LogWarning(e, "Queue {Queue} is not reachable", function.QueueName);
                await Task.Delay(RetryAfter, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One batch of that function's queue now, not at the next poll: the dev phone's kick, so a reply is handled at once.</summary>
    public async Task<int> DrainNowAsync(IQueueFunction function, CancellationToken ct)
    {
        var queue = service.GetQueueClient(function.QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        return await DrainOnceAsync(function, queue, service.GetQueueClient(QueueMessages.PoisonQueue(function.QueueName)), ct);
    }

    /// <summary>One batch: returns how many messages were taken off the queue (handled or poisoned).</summary>
    public async Task<int> DrainOnceAsync(IQueueFunction function, QueueClient queue, QueueClient poison, CancellationToken ct)
    {
        var messages = (await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: RetryAfter, cancellationToken: ct)).Value;
        var done = 0;
        foreach (var m in messages)
        {
            if (m.DequeueCount > QueueMessages.MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                await poison.SendMessageAsync(m.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                done++;
                continue;
            }
            try
            {
                var line = await function.HandleAsync(new QueueInvocation(QueueMessages.Decode(System.Text.Json.Nodes.JsonValue.Create(m.Body.ToString())), m.MessageId, (int)m.DequeueCount), ct);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                log.LogInformation("{Function}: {Result}", function.Name, line);
                done++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Like the host: the message becomes visible again after the timeout and is tried again.
                log.LogError(e, "{Function} failed on message {MessageId} (try {Count})", function.Name, m.MessageId, m.DequeueCount);
            }
        }
        return done;
    }
}
