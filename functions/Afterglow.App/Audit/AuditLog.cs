using Afterglow.App.Auth;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Audit;

public sealed record AuditEntry(DateTimeOffset At, string Actor, string Role, string Action, string? RetireeId, string Detail);

/// <summary>
/// Append-only trail of who read or changed whose data (DESIGN D4). One partition per UTC day, newest first
/// within it, so "what happened on this day" is one partition read.
/// </summary>
public sealed class AuditLog(StorageAccount storage, TimeProvider time)
{
    public Task RecordAsync(Caller who, string action, string? retireeId, string detail, CancellationToken ct) =>
        RecordManyAsync([(who, action, retireeId, detail)], ct);

    public async Task RecordManyAsync(IReadOnlyList<(Caller Who, string Action, string? RetireeId, string Detail)> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var table = await storage.TableAsync(StorageNames.Audit, ct);
        var now = time.GetUtcNow();
        var entities = items.Select(i => new TableEntity(Partition(now), $"{DateTimeOffset.MaxValue.Ticks - now.Ticks:D19}-{Guid.NewGuid():N}")
        {
            ["At"] = now,
            ["Actor"] = i.Who.Email,
            ["Role"] = i.Who.Role,
            ["Action"] = i.Action,
            ["RetireeId"] = i.RetireeId,
            ["Detail"] = i.Detail.Length > 30_000 ? i.Detail[..30_000] : i.Detail,
        }).ToList();
        foreach (var chunk in entities.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadDayAsync(DateOnly day, string? retireeId, int max, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Audit, ct);
        var pk = day.ToString("yyyyMMdd");
        var filter = retireeId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {pk}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RetireeId eq {retireeId}");
        var list = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            list.Add(new AuditEntry(e.GetDateTimeOffset("At") ?? default, e.GetString("Actor"), e.GetString("Role") ?? "",
                e.GetString("Action"), e.GetString("RetireeId"), e.GetString("Detail") ?? ""));
            if (list.Count >= max) break;
        }
        return list;
    }

    private static string Partition(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMdd");
}
