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
/// </summary>
public sealed class OutboxStore(StorageAccount storage, TimeProvider time, ReportCounts counts)
{
    private const string BatchPartition = "batch";
    private const string OptOutPartition = "optout";
    private static readonly TimeSpan CatchUp = TimeSpan.FromDays(7);

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

    // Due index: the shared one (Storage/DueIndex), keyed by message id.

    private DueIndex Due => _due ??= new DueIndex(Table, CatchUp);
    private DueIndex? _due;

    public Task AddDueAsync(string id, DateTimeOffset at, CancellationToken ct) => Due.AddAsync(id, at, ct);

    public Task AddDueManyAsync(IReadOnlyList<(string Id, DateTimeOffset At)> items, CancellationToken ct) => Due.AddManyAsync(items, ct);

    /// <summary>Ids due up to <paramref name="now"/> with the minute partition they are filed under: one range query.</summary>
    public async Task<IReadOnlyList<(string Id, string Slot)>> DueAsync(DateTimeOffset now, CancellationToken ct) =>
        (await Due.DueAsync(now, ct)).Select(r => (r.Key, r.Partition)).ToList();

    /// <summary>
    /// The unsent message waiting longest, and since when (its first attempt, or the minute it fell due): how far
    /// behind the dispatcher is. Looks past a few rows the dispatcher has not cleared yet (message sent or gone).
    /// </summary>
    public async Task<(SmsMessage Message, DateTimeOffset Since)?> OldestUnsentAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Up to a day ahead: a message being retried is filed under its next attempt, a little in the future.
        (SmsMessage, DateTimeOffset)? oldest = null;
        foreach (var row in await Due.OldestAsync(now, now + TimeSpan.FromDays(1), 20, ct))
        {
            if (await GetAsync(row.Key, ct) is not { Message: { IsFinal: false, State: not SmsState.Sent } m }) continue;
            var since = m.FirstSentAt is { } first && first < row.At ? first : row.At;
            if (since <= now && (oldest is null || since < oldest.Value.Item2)) oldest = (m, since);
        }
        return oldest;
    }

    public Task RemoveDueManyAsync(IReadOnlyList<(string Id, string Slot)> items, CancellationToken ct) => Due.RemoveManyAsync(items, ct);

    /// <summary>Re-files messages: new rows first, then the old ones go (never a moment with no row).</summary>
    public Task MoveDueManyAsync(IReadOnlyList<(string Id, DateTimeOffset At)> add, IReadOnlyList<(string Id, string Slot)> remove, CancellationToken ct) =>
        Due.MoveManyAsync(add, remove, ct);

    // Send batches: the tag a delivery report brings back, mapping each recipient to its message.

    public async Task SaveBatchAsync(string batchId, IReadOnlyDictionary<string, string> messageIdByPhone, CancellationToken ct)
    {
        var row = CareRows.Write(BatchPartition, batchId, messageIdByPhone);
        row["At"] = time.GetUtcNow(); // the nightly prune's clock (batch ids are random)
        await (await Table(ct)).UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyDictionary<string, string>?> GetBatchAsync(string batchId, CancellationToken ct) =>
        (await CareRows.GetAsync<Dictionary<string, string>>(await Table(ct), BatchPartition, batchId, ct))?.Value;

    // Opt-outs: one partition, read once per dispatcher run.

    /// <summary>Records a STOP; returns the id of the SMS that opted the number out: this one, or an earlier STOP.</summary>
    public async Task<string> OptOutAsync(string phone, string messageId, DateTimeOffset at, CancellationToken ct)
    {
        var table = await Table(ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(OptOutPartition, phone) { ["At"] = at, ["MessageId"] = messageId }, ct);
            return messageId;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await table.GetEntityAsync<TableEntity>(OptOutPartition, phone, cancellationToken: ct)).Value.GetString("MessageId") ?? "";
        }
    }

    /// <summary>Removes a STOP; true when the number was opted out.</summary>
    public async Task<bool> OptInAsync(string phone, CancellationToken ct)
    {
        try
        {
            await (await Table(ct)).DeleteEntityAsync(OptOutPartition, phone, ETag.All, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404) { return false; }
    }

    public async Task<IReadOnlySet<string>> OptedOutAsync(CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == OptOutPartition, select: ["RowKey"], cancellationToken: ct))
            set.Add(e.RowKey);
        return set;
    }

    // Pacing: a counter per sender and minute, raised under its ETag so instances share the budget.

    public async Task<int> TakeAsync(string sender, DateTimeOffset now, int want, int perMinute, CancellationToken ct)
    {
        var table = await Table(ct);
        var pk = "pace-" + new string(sender.Where(char.IsAsciiLetterOrDigit).ToArray());
        var rk = CareRows.Slot(now);
        // Losing every race means the minute is busy with other senders: this run sends nothing and the next tries.
        try
        {
            return await Optimistic.RetryAsync($"Pacing {pk}", async token =>
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: token);
                var used = row.HasValue ? row.Value!.GetInt32("Sent") ?? 0 : 0;
                var grant = Math.Min(want, perMinute - used);
                if (grant <= 0) return (true, 0);
                var e = new TableEntity(pk, rk) { ["Sent"] = used + grant };
                if (row.HasValue) await table.UpdateEntityAsync(e, row.Value!.ETag, TableUpdateMode.Replace, token);
                else await table.AddEntityAsync(e, token);
                return (true, grant);
            }, ct);
        }
        catch (ConcurrencyException) { return 0; }
    }

    // Retention (Retention/NightlyPrune): only finished rows, each deleted under the ETag it was read with.

    /// <summary>
    /// Send batches written before <paramref name="before"/>; rows from before "At" existed go by their timestamp. The
    /// partition holds only the batches of the retention period, and this reads it once a night.
    /// </summary>
    public async Task<int> PruneBatchesAsync(DateTimeOffset before, CancellationToken ct) =>
        await Prune.DeleteAsync(await Table(ct), TableClient.CreateQueryFilter($"PartitionKey eq {BatchPartition}"),
            e => (e.GetDateTimeOffset("At") ?? e.Timestamp) < before, ct);

    /// <summary>Pacing counters of minutes before <paramref name="before"/>, every sender's.</summary>
    public async Task<int> PrunePacingAsync(DateTimeOffset before, CancellationToken ct) =>
        await Prune.DeleteAsync(await Table(ct), TableClient.CreateQueryFilter($"PartitionKey ge {"pace-"} and PartitionKey lt {"pace."} and RowKey lt {CareRows.Slot(before)}"), _ => true, ct);

    /// <summary>
    /// Messages created before <paramref name="before"/> whose work is over: sent (handed to the gateway), delivered,
    /// failed, expired or cancelled. Pending and sending ones stay, however old. A broadcast's messages stay with it
    /// (its tally is their partition).
    /// </summary>
    public async Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        var table = await Table(ct);
        var pruned = await Prune.DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey ge {"m-"} and PartitionKey lt {"m."} and CreatedAt lt {before}"),
            e => Enum.TryParse<SmsState>(e.GetString("State"), out var state) && state is not (SmsState.Pending or SmsState.Sending), ct);
        // The creation-time index of those days goes too (a row whose message is kept only leaves the Reports list).
        await Prune.DeleteAsync(table, RecentSms.PrunableFilter(before), _ => true, ct);
        return pruned;
    }
}
