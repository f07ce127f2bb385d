using Afterglow.App.CheckIns;
using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Messages;

/// <summary>
/// Why an inbox item needs a coordinator: an ordinary reply, a call for help nobody else took, a STOP, or a reply
/// that answered a check-in in words the classifier could not read (the check-in waits "answered, to read").
/// </summary>
public enum InboxFlag { None, Urgent, OptedOut, ToRead }

/// <summary>The inbound path's claim on a provider message id: being handled, or done.</summary>
public enum InboundClaim { Claimed, Done, Busy }

/// <summary>A reply no machine owned, linked to whoever has that number (unknown numbers are kept too).</summary>
public sealed record InboxItem
{
    public required string Id { get; init; }
    public required string From { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public InboxFlag Flag { get; init; }
    public string? RetireeId { get; init; }
    public string? RetireeName { get; init; }
    public string? PersonId { get; init; }
    public string? PersonName { get; init; }
    public bool Handled { get; init; }
    public string? HandledBy { get; init; }
    public DateTimeOffset? HandledAt { get; init; }
    public string? Note { get; init; }
    /// <summary>The check-ins this reply answered (both of a couple sharing a phone); empty for other replies.</summary>
    public IReadOnlyList<string> CheckInIds { get; set; } = [];
    /// <summary>What the reply was read as: by the classifier, or by the coordinator who marked it.</summary>
    public ReplyKind? Answer { get; init; }
}

/// <summary>
/// The coordinators' inbox, in the Inbox table: one partition, newest first by row key. The id comes from the
/// gateway's message id, so a reply Event Grid delivers twice is one item. Beside it the open index ("inbox-open",
/// same row keys): the items nobody has handled, so the open list reads those, not the whole history.
/// </summary>
public sealed class InboxStore(StorageAccount storage)
{
    private const string Partition = "inbox";
    private const string OpenPartition = "inbox-open";
    private const string OpenBuilt = "inbox-open-built";
    private volatile bool _openBuilt;

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Inbox, ct);

    public static string IdOf(DateTimeOffset receivedAt, string messageId) =>
        $"{DateTimeOffset.MaxValue.Ticks - receivedAt.UtcTicks:D19}-{new string(messageId.Where(char.IsAsciiLetterOrDigit).ToArray())}";

    private static TableEntity Row(InboxItem item)
    {
        var e = CareRows.Write(Partition, item.Id, item);
        e["Handled"] = item.Handled;
        e["RetireeId"] = item.RetireeId; // so one retiree's replies are a filtered read of the partition
        return e;
    }

    /// <summary>A coordinator's change to an item that exists; the open index row goes in before an open item, out after a handled one.</summary>
    public async Task SaveAsync(InboxItem item, CancellationToken ct)
    {
        var table = await Table(ct);
        if (!item.Handled) await table.UpsertEntityAsync(new TableEntity(OpenPartition, item.Id), TableUpdateMode.Replace, ct);
        await table.UpsertEntityAsync(Row(item), TableUpdateMode.Replace, ct);
        if (item.Handled) await CareRows.DeleteIfExistsAsync(table, OpenPartition, item.Id, ct);
    }

    /// <summary>A new reply: written once; a redelivered message finds its item and leaves it (handled, noted) as it is.</summary>
    public async Task AddAsync(InboxItem item, CancellationToken ct)
    {
        var table = await Table(ct);
        // A redelivery of a handled item may re-add its open row: the open list checks the item and drops it.
        if (!item.Handled) await table.UpsertEntityAsync(new TableEntity(OpenPartition, item.Id), TableUpdateMode.Replace, ct);
        try { await table.AddEntityAsync(Row(item), ct); }
        catch (RequestFailedException e) when (e.Status == 409) { }
    }

    // Inbound claims: one row per provider message id, written before anything is acted on.
    private const string ClaimPartition = "inbound";
    // A claim older than this belongs to a handler that crashed: a redelivery takes it over and finishes the work.
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private static string ClaimKey(string messageId) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)))[..40];

    /// <summary>
    /// Claims a provider message id (a conditional insert): Claimed — act on it; Done — it was handled, do nothing;
    /// Busy — another copy is being handled right now (the caller fails so the gateway redelivers later).
    /// </summary>
    public async Task<InboundClaim> ClaimAsync(string messageId, DateTimeOffset now, CancellationToken ct)
    {
        var table = await Table(ct);
        var key = ClaimKey(messageId);
        try
        {
            await table.AddEntityAsync(new TableEntity(ClaimPartition, key) { ["At"] = now, ["Done"] = false, ["MessageId"] = messageId }, ct);
            return InboundClaim.Claimed;
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
        var row = (await table.GetEntityAsync<TableEntity>(ClaimPartition, key, cancellationToken: ct)).Value;
        if (row.GetBoolean("Done") == true) return InboundClaim.Done;
        if (now - (row.GetDateTimeOffset("At") ?? now) < ClaimLease) return InboundClaim.Busy;
        try
        {
            row["At"] = now;
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            return InboundClaim.Claimed;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return InboundClaim.Busy; }
    }

    public async Task CompleteAsync(string messageId, DateTimeOffset now, CancellationToken ct, string? outcome = null) =>
        await (await Table(ct)).UpsertEntityAsync(new TableEntity(ClaimPartition, ClaimKey(messageId)) { ["At"] = now, ["Done"] = true, ["MessageId"] = messageId, ["Outcome"] = outcome }, TableUpdateMode.Replace, ct);

    /// <summary>What the inbound path made of a handled message (kept on its claim), or null while it is not done.</summary>
    public async Task<string?> OutcomeAsync(string messageId, CancellationToken ct)
    {
        var row = await (await Table(ct)).GetEntityIfExistsAsync<TableEntity>(ClaimPartition, ClaimKey(messageId), cancellationToken: ct);
        return row.HasValue && row.Value!.GetBoolean("Done") == true ? row.Value.GetString("Outcome") ?? "" : null;
    }

    public async Task<InboxItem?> GetAsync(string id, CancellationToken ct) =>
        (await CareRows.GetAsync<InboxItem>(await Table(ct), Partition, id, ct))?.Value;

    public async Task<IReadOnlyList<InboxItem>> ListAsync(bool openOnly, int max, CancellationToken ct, string? retireeId = null)
    {
        if (openOnly) return await ListOpenAsync(max, retireeId, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (openOnly) filter += " and Handled eq false";
        if (retireeId is not null) filter += " and " + TableClient.CreateQueryFilter($"RetireeId eq {retireeId}");
        var list = new List<InboxItem>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            list.Add(CareRows.Read<InboxItem>(e));
            if (list.Count >= max) break;
        }
        return list;
    }

    /// <summary>
    /// Open items, newest first: the open index, each row checked against its item. A row whose item is handled
    /// is dropped, under the ETag it was read with so a reopening written meanwhile keeps it.
    /// </summary>
    private async Task<IReadOnlyList<InboxItem>> ListOpenAsync(int max, string? retireeId, CancellationToken ct)
    {
        var table = await Table(ct);
        if (!_openBuilt)
        {
            // Items stored before the index existed: indexed once (one filtered read), then a marker says so.
            if (!(await table.GetEntityIfExistsAsync<TableEntity>(OpenPartition, OpenBuilt, cancellationToken: ct)).HasValue)
            {
                await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Handled eq false"), select: ["RowKey"], cancellationToken: ct))
                    await table.UpsertEntityAsync(new TableEntity(OpenPartition, e.RowKey), TableUpdateMode.Replace, ct);
                await table.UpsertEntityAsync(new TableEntity(OpenPartition, OpenBuilt), TableUpdateMode.Replace, ct);
            }
            _openBuilt = true;
        }
        var list = new List<InboxItem>();
        await foreach (var row in table.QueryAsync<TableEntity>(x => x.PartitionKey == OpenPartition, cancellationToken: ct))
        {
            if (row.RowKey == OpenBuilt) continue;
            // No item yet: its reply may be being written right now (the row goes first), so the row stays.
            if (await GetAsync(row.RowKey, ct) is not { } item) continue;
            if (item.Handled)
            {
                try { await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct); }
                catch (RequestFailedException e) when (e.Status is 404 or 412) { }
                continue;
            }
            if (retireeId is not null && item.RetireeId != retireeId) continue;
            list.Add(item);
            if (list.Count >= max) break;
        }
        return list;
    }

    // Retention (Retention/NightlyPrune): handled replies and done claims only, each under the ETag it was read with.

    /// <summary>Handled replies received before <paramref name="before"/> (row keys run newest first, so older is greater).</summary>
    public async Task<int> PruneHandledAsync(DateTimeOffset before, CancellationToken ct)
    {
        var older = (DateTimeOffset.MaxValue.Ticks - before.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        return await Prune.DeleteAsync(await Table(ct), TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {older} and Handled eq true"),
            e => CareRows.Read<InboxItem>(e) is { Handled: true } item && item.ReceivedAt < before, ct);
    }

    /// <summary>Done inbound claims last touched before <paramref name="before"/>; a claim still being handled stays.</summary>
    public async Task<int> PruneClaimsAsync(DateTimeOffset before, CancellationToken ct) =>
        await Prune.DeleteAsync(await Table(ct), TableClient.CreateQueryFilter($"PartitionKey eq {ClaimPartition} and Done eq true and At lt {before}"), _ => true, ct);
}
