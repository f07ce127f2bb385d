using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Storage;

/// <summary>A row of the due index: the key of the work, the minute partition it is filed under, and when it falls due.</summary>
public sealed record DueRow(string Key, string Partition, DateTimeOffset At);

/// <summary>
/// What falls due when, shared by the check-in sweep and the SMS outbox: one partition per UTC minute
/// ("due-yyyyMMddHHmm") in the owner's table, so a run reads the range of minutes up to now — what is due — and
/// never the history. Moving work writes the new row before removing the old, so a crash in between leaves a row
/// too many (which the reader drops as stale), never none.
/// </summary>
public sealed class DueIndex(Func<CancellationToken, Task<TableClient>> table, TimeSpan catchUp)
{
    public const string Prefix = "due-";

    public static string PartitionOf(DateTimeOffset at) => Prefix + Rows.Slot(at);

    /// <summary>The minute a partition stands for.</summary>
    public static DateTimeOffset MinuteOf(string partition) =>
        DateTimeOffset.ParseExact(partition[Prefix.Length..], "yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);

    private static TableEntity Entity(string key, DateTimeOffset at) => new(PartitionOf(at), key) { ["Due"] = at };

    public async Task AddAsync(string key, DateTimeOffset at, CancellationToken ct) =>
        await (await table(ct)).UpsertEntityAsync(Entity(key, at), TableUpdateMode.Replace, ct);

    /// <summary>Files many, in transactions of 100 per minute (idempotent: an upsert).</summary>
    public async Task AddManyAsync(IReadOnlyList<(string Key, DateTimeOffset At)> items, CancellationToken ct)
    {
        var client = await table(ct);
        foreach (var group in items.GroupBy(i => PartitionOf(i.At)))
            foreach (var chunk in group.DistinctBy(i => i.Key).Chunk(100))
                await client.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(i.Key, i.At))), ct);
    }

    /// <summary>Everything due up to <paramref name="now"/> (and no older than the catch-up window): one range query.</summary>
    public async Task<IReadOnlyList<DueRow>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionOf(now - catchUp)} and PartitionKey le {PartitionOf(now)}");
        var list = new List<DueRow>();
        await foreach (var e in (await table(ct)).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Due"], cancellationToken: ct))
            list.Add(new DueRow(e.RowKey, e.PartitionKey, e.GetDateTimeOffset("Due") ?? MinuteOf(e.PartitionKey)));
        return list;
    }

    /// <summary>The oldest rows still filed (due up to <paramref name="until"/>), oldest first: how far behind their reader is.</summary>
    public async Task<IReadOnlyList<DueRow>> OldestAsync(DateTimeOffset now, DateTimeOffset until, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionOf(now - catchUp)} and PartitionKey le {PartitionOf(until)}");
        var list = new List<DueRow>();
        await foreach (var e in (await table(ct)).QueryAsync<TableEntity>(filter, maxPerPage: max, select: ["PartitionKey", "RowKey", "Due"], cancellationToken: ct))
        {
            list.Add(new DueRow(e.RowKey, e.PartitionKey, e.GetDateTimeOffset("Due") ?? MinuteOf(e.PartitionKey)));
            if (list.Count >= max) break;
        }
        return list;
    }

    public async Task RemoveAsync(string key, string partition, CancellationToken ct) =>
        await Rows.DeleteIfExistsAsync(await table(ct), partition, key, ct);

    /// <summary>Removes many, in transactions of 100 per minute; one already gone is fine.</summary>
    public async Task RemoveManyAsync(IReadOnlyList<(string Key, string Partition)> items, CancellationToken ct)
    {
        var client = await table(ct);
        foreach (var chunk in items.Distinct().GroupBy(i => i.Partition).SelectMany(g => g.Chunk(100)))
        {
            try { await client.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(i.Partition, i.Key), ETag.All)), ct); }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var (key, partition) in chunk) await Rows.DeleteIfExistsAsync(client, partition, key, ct);
            }
        }
    }

    /// <summary>
    /// Re-files work: the new rows are written first, then the old ones removed — all but those a new row is
    /// (same minute and key), which stay.
    /// </summary>
    public async Task MoveManyAsync(IReadOnlyList<(string Key, DateTimeOffset At)> add, IReadOnlyList<(string Key, string Partition)> remove, CancellationToken ct)
    {
        if (add.Count > 0) await AddManyAsync(add, ct);
        var kept = add.Select(a => (a.Key, PartitionOf(a.At))).ToHashSet();
        var gone = remove.Where(r => !kept.Contains(r)).ToList();
        if (gone.Count > 0) await RemoveManyAsync(gone, ct);
    }
}
