using Afterglow.App.Auth;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Audit;

/// <summary>A line of the trail; <see cref="ActorName"/> is the author as people know them (absent on lines written before it was kept).</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Role, string Action, string? RetireeId, string Detail, string? ActorName = null);

/// <summary>
/// Append-only trail of who read or changed whose data (DESIGN D4). One partition per UTC day, newest first
/// within it, so "what happened on this day" is one partition read. Changes to one retiree's record are kept a
/// second time in that retiree's own partition, so their page shows every change without scanning the trail.
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
            ["ActorName"] = i.Who.Name,
            ["Role"] = i.Who.Role,
            ["Action"] = i.Action,
            ["RetireeId"] = i.RetireeId,
            ["Detail"] = i.Detail.Length > 30_000 ? i.Detail[..30_000] : i.Detail,
        }).ToList();
        foreach (var chunk in entities.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);

        // The day's row is the record; the retiree's copy is written after it, so a crash in between can only
        // leave a change out of the retiree's page, never show one the trail does not have.
        foreach (var e in entities.Where(e => e.GetString("RetireeId") is not null && ChangesRecord(e.GetString("Action"))))
            await table.AddEntityAsync(new TableEntity(e) { PartitionKey = RetireePartition(e.GetString("RetireeId")) }, ct);
    }

    /// <summary>Every change to one retiree's record and care plan, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadChangesAsync(string retireeId, int max, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Audit, ct);
        var list = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == RetireePartition(retireeId), maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            list.Add(ToEntry(e));
            if (list.Count >= max) break;
        }
        return list;
    }

    /// <summary>
    /// Registering, edits, archiving (its action carries the reason), new age bands, care-plan changes and hardship levels.
    /// Named one by one, so a new kind of read never lands in the history; bulk imports stay out (ADR 0007).
    /// </summary>
    internal static bool ChangesRecord(string action) =>
        action is "retiree.create" or "retiree.update" or "careplan.update" or "subsidy.hardship" ||
        action.StartsWith("retiree.archive:", StringComparison.Ordinal) || action.StartsWith("retiree.ageBand:", StringComparison.Ordinal);

    private static string RetireePartition(string retireeId) => $"retiree-{retireeId}";

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
            list.Add(ToEntry(e));
            if (list.Count >= max) break;
        }
        return list;
    }

    private static AuditEntry ToEntry(TableEntity e) => new(e.GetDateTimeOffset("At") ?? default, e.GetString("Actor"),
        e.GetString("Role") ?? "", e.GetString("Action"), e.GetString("RetireeId"), e.GetString("Detail") ?? "", e.GetString("ActorName"));

    private static string Partition(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMdd");
}
