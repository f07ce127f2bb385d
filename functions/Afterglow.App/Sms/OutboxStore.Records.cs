using Afterglow.App.CheckIns;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Sms;

/// <summary>The outbox's own records beside the messages: send batches, opt-outs, pacing, and their retention.</summary>
public sealed partial class OutboxStore
{
    private const string BatchPartition = "batch";
    private const string OptOutPartition = "optout";

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
