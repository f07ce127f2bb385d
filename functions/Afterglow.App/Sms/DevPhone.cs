using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Afterglow.App.Sms;

/// <summary>One line of a dev phone's thread: a text to that number, or one it sent.</summary>
public sealed record PhoneLine(string Id, string Direction, string Text, DateTimeOffset At, string? Status, string? MessageId);

/// <summary>A number the dev phone has seen, for the dashboard's list.</summary>
public sealed record PhoneThread(string Number, int Messages, DateTimeOffset LastAt, string LastText, bool Reachable);

/// <summary>
/// Standalone mode's gateway (DESIGN D3): every SMS lands in a simulated phone per number, in the Outbox table
/// ("phone-{number}"), keyed by its repeatability id so a resend is recognised as a real gateway would. Delivery
/// reports are simulated — delivered, or failed for a number marked unreachable — once the dispatcher has
/// recorded the send. Replies and reports go as ACS's Event Grid events onto the sms-events queue, which the
/// standalone drain hands to the same function as in Azure (issue 16); the phone kicks the drain so it answers at once.
/// </summary>
public sealed class DevPhone(StorageAccount storage, TimeProvider time, SmsOptions options, IServiceProvider services, ILogger<DevPhone> log) : ISmsGateway
{
    private const string ThreadsPartition = "phones";
    private readonly ConcurrentQueue<DeliveryReport> _reports = new();

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Outbox, ct);
    private static string ThreadPartition(string number) => "phone-" + number.TrimStart('+');

    public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        var table = await Table(ct);
        var now = time.GetUtcNow();
        var results = new List<SmsSendResult>();
        foreach (var r in request.Recipients)
        {
            var messageId = "Outgoing_dev_" + r.RepeatabilityRequestId;
            var line = new PhoneLine(r.RepeatabilityRequestId, "out", request.Message, now, "sent", messageId);
            try { await table.AddEntityAsync(CareRows.Write(ThreadPartition(r.To), line.Id, line), ct); }
            catch (Azure.RequestFailedException e) when (e.Status == 409)
            {
                results.Add(new SmsSendResult(r.To, true, 202, messageId, null, "rejected"));
                continue;
            }
            var reachable = await TouchAsync(r.To, request.Message, now, ct);
            _reports.Enqueue(new DeliveryReport(messageId, r.To, reachable, reachable ? null : "Unreachable (dev phone)", request.Tag, now));
            results.Add(new SmsSendResult(r.To, true, 202, messageId, null, "accepted"));
        }
        return results;
    }

    public async Task SettleAsync(CancellationToken ct)
    {
        var table = await Table(ct);
        var sent = 0;
        while (_reports.TryDequeue(out var report))
        {
            await EnqueueAsync(DevPhoneEvents.DeliveryReport(report, options.From), ct);
            sent++;
            var id = report.MessageId["Outgoing_dev_".Length..];
            if (await CareRows.GetAsync<PhoneLine>(table, ThreadPartition(report.To), id, ct) is var (line, etag))
                await table.UpdateEntityAsync(CareRows.Write(ThreadPartition(report.To), id, line with { Status = report.Delivered ? "delivered" : "failed" }), etag, TableUpdateMode.Replace, ct);
        }
        if (sent > 0) await KickAsync(ct);
    }

    /// <summary>A reply typed on the dev phone: kept in its thread and put on the queue as an SMSReceived event; returns its message id.</summary>
    public async Task<string> SendReplyAsync(string number, string text, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = $"Incoming_dev_{Guid.NewGuid():N}";
        await (await Table(ct)).AddEntityAsync(CareRows.Write(ThreadPartition(number), id, new PhoneLine(id, "in", text, now, null, id)), ct);
        await TouchAsync(number, text, now, ct);
        await EnqueueAsync(DevPhoneEvents.Received(new InboundSms(number, text, now, id), options.From), ct);
        return id;
    }

    /// <summary>The reply sent and the drain kicked; what the inbound path made of it if that is known within five seconds (a busy machine), else null.</summary>
    public async Task<(string MessageId, InboundOutcome? Outcome)> ReplyAsync(string number, string text, CancellationToken ct)
    {
        var id = await SendReplyAsync(number, text, ct);
        await KickAsync(ct);
        var inbox = services.GetRequiredService<InboxStore>();
        for (var i = 0; i < 50; i++)
        {
            if (await inbox.OutcomeAsync(id, ct) is { } outcome) return (id, Enum.TryParse<InboundOutcome>(outcome, out var o) ? o : null);
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
        return (id, null);
    }

    private async Task EnqueueAsync(JsonObject e, CancellationToken ct)
    {
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(Function.QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await queue.SendMessageAsync(e.ToJsonString(), ct);
    }

    private SmsEventsFunction Function => services.GetRequiredService<SmsEventsFunction>();

    /// <summary>Drains now rather than at the next poll; a failure is the drain's to retry (logged there), not the phone's.</summary>
    private async Task KickAsync(CancellationToken ct)
    {
        try { await services.GetRequiredService<QueueDrain>().DrainNowAsync(Function, ct); }
        catch (Azure.RequestFailedException e) { log.LogWarning(e, "The dev phone could not kick the sms-events drain"); }
    }

    public async Task<IReadOnlyList<PhoneLine>> ThreadAsync(string number, CancellationToken ct)
    {
        var pk = ThreadPartition(number);
        var list = new List<PhoneLine>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct)) list.Add(CareRows.Read<PhoneLine>(e));
        return list.OrderBy(l => l.At).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<PhoneThread>> ThreadsAsync(CancellationToken ct)
    {
        var list = new List<PhoneThread>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == ThreadsPartition, cancellationToken: ct)) list.Add(CareRows.Read<PhoneThread>(e));
        return list.OrderByDescending(t => t.LastAt).ToList();
    }

    /// <summary>An unreachable number gets "failed" delivery reports: how to try the undelivered-check-in path by hand.</summary>
    public async Task<PhoneThread> SetReachableAsync(string number, bool reachable, CancellationToken ct)
    {
        var table = await Table(ct);
        var current = (await CareRows.GetAsync<PhoneThread>(table, ThreadsPartition, number, ct))?.Value ?? new PhoneThread(number, 0, time.GetUtcNow(), "", true);
        var next = current with { Reachable = reachable };
        await table.UpsertEntityAsync(CareRows.Write(ThreadsPartition, number, next), TableUpdateMode.Replace, ct);
        return next;
    }

    /// <summary>Updates the number's summary row; returns whether it is reachable.</summary>
    private async Task<bool> TouchAsync(string number, string text, DateTimeOffset at, CancellationToken ct)
    {
        var table = await Table(ct);
        for (var attempt = 0; ; attempt++)
        {
            var found = await CareRows.GetAsync<PhoneThread>(table, ThreadsPartition, number, ct);
            var next = found is var (t, _) ? t with { Messages = t.Messages + 1, LastAt = at, LastText = text } : new PhoneThread(number, 1, at, text, true);
            try
            {
                if (found is var (_, etag)) await table.UpdateEntityAsync(CareRows.Write(ThreadsPartition, number, next), etag, TableUpdateMode.Replace, ct);
                else await table.AddEntityAsync(CareRows.Write(ThreadsPartition, number, next), ct);
                return next.Reachable;
            }
            catch (Azure.RequestFailedException e) when (CareRows.IsConflict(e) && attempt < 20) { }
        }
    }
}
