using Afterglow.App.CheckIns;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Messages;

/// <summary>Why an inbox item needs a coordinator: an ordinary reply, a call for help nobody else took, or a STOP.</summary>
public enum InboxFlag { None, Urgent, OptedOut }

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
}

/// <summary>
/// The coordinators' inbox, in the Inbox table: one partition, newest first by row key. The id comes from the
/// gateway's message id, so a reply Event Grid delivers twice is one item.
/// </summary>
public sealed class InboxStore(StorageAccount storage)
{
    private const string Partition = "inbox";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Inbox, ct);

    public static string IdOf(DateTimeOffset receivedAt, string messageId) =>
        $"{DateTimeOffset.MaxValue.Ticks - receivedAt.UtcTicks:D19}-{new string(messageId.Where(char.IsAsciiLetterOrDigit).ToArray())}";

    public async Task SaveAsync(InboxItem item, CancellationToken ct)
    {
        var e = CareRows.Write(Partition, item.Id, item);
        e["Handled"] = item.Handled;
        e["RetireeId"] = item.RetireeId; // so one retiree's replies are a filtered read of the partition
        await (await Table(ct)).UpsertEntityAsync(e, TableUpdateMode.Replace, ct);
    }

    public async Task<InboxItem?> GetAsync(string id, CancellationToken ct) =>
        (await CareRows.GetAsync<InboxItem>(await Table(ct), Partition, id, ct))?.Value;

    public async Task<IReadOnlyList<InboxItem>> ListAsync(bool openOnly, int max, CancellationToken ct, string? retireeId = null)
    {
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
}
