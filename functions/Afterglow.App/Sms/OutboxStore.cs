using System.Security.Cryptography;
using System.Text;
using Afterglow.App.CheckIns;
using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Sms;

/// <summary>
/// The Outbox table. Messages sit in 256 hash partitions ("m-ab"), or one partition per broadcast ("mb-{id}") so a
/// broadcast is queued in transactions of 100 and its tally is one partition read. What is waiting to be sent is
/// indexed in the shared due index (one partition per UTC minute), so the dispatcher reads what is due, never the
/// history. Send batches ("batch", the tag a delivery report carries back), opt-outs and pacing counters live here too.
/// This file: messages and their state changes; OutboxStore.Due.cs the due index; OutboxStore.Records.cs the rest.
/// </summary>
public sealed partial class OutboxStore(StorageAccount storage, TimeProvider time, ReportCounts counts)
{
    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Outbox, ct);

    /// <summary>The message id for a key: a broadcast's messages share its partition, everything else spreads by hash.</summary>
    public static string IdOf(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return key.StartsWith("broadcast:", StringComparison.Ordinal) && key.Split(':') is [_, var broadcastId, ..]
            ? $"mb-{broadcastId}.{hash}"
            : $"m-{hash[..2]}.{hash}";
    }

    /// <summary>The id the gateway uses to recognise a resend: a GUID made from the message id.</summary>
    public static string RepeatabilityIdOf(string id) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 16)).ToString("D");

    public static string BroadcastPartition(string broadcastId) => $"mb-{broadcastId}";

    private static (string Pk, string Rk) Split(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        return (id[..dot], id[(dot + 1)..]);
    }

    private static TableEntity Entity(SmsMessage m, ETag etag = default)
    {
        var (pk, rk) = Split(m.Id);
        var e = CareRows.Write(pk, rk, m, etag);
        e["State"] = m.State.ToString();
        e["To"] = m.To;
        e["CreatedAt"] = m.CreatedAt;
        return e;
    }

    // Messages

    public async Task<(SmsMessage Message, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        var (pk, rk) = Split(id);
        return await CareRows.GetAsync<SmsMessage>(await Table(ct), pk, rk, ct);
    }

    /// <summary>Adds a message; false when one with its key is there already.</summary>
    public async Task<bool> TryAddAsync(SmsMessage m, CancellationToken ct)
    {
        try
        {
            await RecentSms.AddAsync(await Table(ct), [m], ct);
            await (await Table(ct)).AddEntityAsync(Entity(m), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409) { return false; }
    }

    /// <summary>Adds many in transactions of 100 per partition; a transaction that meets an existing key is retried one by one.</summary>
    public async Task<IReadOnlyList<SmsMessage>> AddManyAsync(IReadOnlyList<SmsMessage> messages, CancellationToken ct)
    {
        var table = await Table(ct);
        var added = new List<SmsMessage>();
        await RecentSms.AddAsync(table, messages, ct);
        foreach (var chunk in messages.GroupBy(m => Split(m.Id).Pk).SelectMany(g => g.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(m => new TableTransactionAction(TableTransactionActionType.Add, Entity(m))), ct);
                added.AddRange(chunk);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                foreach (var m in chunk)
                    if (await TryAddAsync(m, ct)) added.Add(m);
            }
        }
        return added;
    }

    /// <summary>Writes the message if nobody changed it since <paramref name="etag"/>; the new ETag, or null on a conflict.</summary>
    public async Task<ETag?> TryReplaceAsync(SmsMessage m, ETag etag, CancellationToken ct)
    {
        try
        {
            var response = await (await Table(ct)).UpdateEntityAsync(Entity(m), etag, TableUpdateMode.Replace, ct);
            await CountAsync([m], ct);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e) || e.Status == 404) { return null; }
    }

    /// <summary>
    /// Writes many, each guarded by its ETag, in transactions of 100 per partition (a broadcast's claims and results
    /// cost one request per hundred). A transaction that loses a race is retried one by one. Returns those written.
    /// </summary>
    public async Task<IReadOnlyList<(SmsMessage Message, ETag ETag)>> TryReplaceManyAsync(IReadOnlyList<(SmsMessage Message, ETag ETag)> items, CancellationToken ct)
    {
        var table = await Table(ct);
        var written = new List<(SmsMessage, ETag)>();
        foreach (var chunk in items.GroupBy(i => Split(i.Message.Id).Pk).SelectMany(g => g.Chunk(100)))
        {
            if (chunk.Length > 1)
            {
                try
                {
                    var response = await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpdateReplace, Entity(i.Message, i.ETag), i.ETag)), ct);
                    for (var n = 0; n < chunk.Length; n++) written.Add((chunk[n].Message, response.Value[n].Headers.ETag ?? default));
                    await CountAsync(chunk.Select(i => i.Message).ToList(), ct);
                    continue;
                }
                catch (TableTransactionFailedException e) when (CareRows.IsConflict(e) || e.Status == 404) { }
            }
            foreach (var (m, etag) in chunk)
                if (await TryReplaceAsync(m, etag, ct) is { } next) written.Add((m, next));
        }
        return written;
    }

    /// <summary>Re-reads and applies <paramref name="change"/> until the write wins (or the change declines: null).</summary>
    public Task<SmsMessage?> UpdateAsync(string id, Func<SmsMessage, SmsMessage?> change, CancellationToken ct) =>
        Optimistic.RetryAsync($"SMS {id}", async token =>
        {
            if (await GetAsync(id, token) is not { } found) return (true, (SmsMessage?)null);
            if (change(found.Message) is not { } next)
            {
                // Nothing to change (a redelivered report, a retried step): what it wrote before may not be counted yet.
                await CountAsync([found.Message], token);
                return (true, found.Message);
            }
            return (await TryReplaceAsync(next, found.ETag, token) is not null, next);
        }, ct);

    /// <summary>
    /// The reports' counts of messages as written: handed to the gateway (by purpose, with segments) on the day sent,
    /// and how they finished on the same day (the day queued if never sent). Idempotent: a repeat counts nothing.
    /// </summary>
    public Task CountAsync(IReadOnlyList<SmsMessage> messages, CancellationToken ct)
    {
        var items = new List<Counted>();
        foreach (var m in messages)
        {
            if (m.SentAt is { } sent)
                items.Add(new(ReportKinds.SmsSent, counts.DayOf(sent), m.Id, ReportKinds.State(m.Purpose), 0, m.Segments));
            if (m.IsFinal)
                items.Add(new(ReportKinds.SmsOutcome, counts.DayOf(m.SentAt ?? m.CreatedAt), m.Id, ReportKinds.State(m.State), 0, m.Segments));
        }
        return items.Count == 0 ? Task.CompletedTask : counts.CountManyAsync(items, ct);
    }

    /// <summary>One partition's messages (a broadcast's), with their ETags.</summary>
    public async Task<IReadOnlyList<(SmsMessage Message, ETag ETag)>> ListPartitionAsync(string partition, CancellationToken ct)
    {
        var list = new List<(SmsMessage, ETag)>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == partition, maxPerPage: 1000, cancellationToken: ct))
            list.Add((CareRows.Read<SmsMessage>(e), e.ETag));
        return list;
    }

    /// <summary>Recent messages for the dashboard, newest first; optionally in one state or to one number (the index by day, <see cref="RecentSms"/>).</summary>
    public async Task<IReadOnlyList<SmsMessage>> ListRecentAsync(DateTimeOffset since, SmsState? state, string? to, int max, CancellationToken ct) =>
        await RecentSms.ListAsync(await Table(ct), time.GetUtcNow(), since, state, to, max, async (id, t) => (await GetAsync(id, t))?.Message,
            ScanRecentAsync, ct);

    /// <summary>The filtered read of every message partition: only to index messages queued before the index existed.</summary>
    private async Task<IReadOnlyList<SmsMessage>> ScanRecentAsync(DateTimeOffset since, CancellationToken ct)
    {
        var list = new List<SmsMessage>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge 'm-' and PartitionKey lt 'mc' and CreatedAt ge {since}");
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
            list.Add(CareRows.Read<SmsMessage>(e));
        return list;
    }
}
