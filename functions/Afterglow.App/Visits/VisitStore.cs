using System.Globalization;
using System.Text.RegularExpressions;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Visits;

/// <summary>
/// Visits in Table Storage, each written twice (docs/decisions/0006-visits.md): under the retiree's partition,
/// so a retiree's visits are one partition read, and under the month's ("m202611"), so a period's visits are a
/// few partition reads. The id starts with the day, so both rows sort by date and a period is a RowKey range.
/// </summary>
public sealed partial class VisitStore(StorageAccount storage, AuditLog audit, ReportCounts counts)
{
    public static string NewId(DateOnly date) => $"{DayKey(date)}-{Guid.NewGuid():N}"[..25];

    /// <summary>Ids this store made; anything else is not a visit (and never reaches a RowKey).</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    public async Task AddAsync(Visit visit, Caller who, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        await table.AddEntityAsync(ToEntity(visit, visit.RetireeId), ct);
        try { await table.AddEntityAsync(ToEntity(visit, MonthPartition(visit.Date)), ct); }
        catch
        {
            // Without its month row the visit would be missing from coverage: take it back, so a retry is clean.
            await table.DeleteEntityAsync(visit.RetireeId, visit.Id, cancellationToken: CancellationToken.None);
            throw;
        }
        await counts.CountAsync(new Counted(ReportKinds.Visit, visit.Date, visit.Id, ReportKinds.State(visit.Kind)), ct);
        await audit.RecordAsync(who, "visit.create", visit.RetireeId, $"Logged a visit ({visit.Kind}) on {visit.Date:yyyy-MM-dd}", ct);
    }

    /// <summary>
    /// Writes visits of one day (a batch), 100 at a time: each retiree's row, then the month's rows in one
    /// transaction, then the audit. A visit whose month row exists was written completely before (a retry), so
    /// it is left alone; the ids written now are returned.
    /// </summary>
    public async Task<IReadOnlySet<string>> AddManyAsync(IReadOnlyList<Visit> batch, Caller who, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var date in batch.Select(v => v.Date).Distinct())
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MonthPartition(date)} and RowKey ge {DayKey(date)} and RowKey lt {DayKey(date.AddDays(1))}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: ct)) done.Add(e.RowKey);
        }
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in batch.Where(v => !done.Contains(v.Id)).GroupBy(v => MonthPartition(v.Date)).SelectMany(g => g.Chunk(100)))
        {
            // Upserts: a retry after a crash between the two writes completes the visit instead of failing on it.
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (v, token) =>
                await table.UpsertEntityAsync(ToEntity(v, v.RetireeId), TableUpdateMode.Replace, token));
            await table.SubmitTransactionAsync(chunk.Select(v => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(v, MonthPartition(v.Date)))), ct);
            // Counted for the reports as a single visit is (idempotent: a retry counts nothing twice).
            await counts.CountManyAsync(chunk.Select(v => new Counted(ReportKinds.Visit, v.Date, v.Id, ReportKinds.State(v.Kind))).ToList(), ct);
            await audit.RecordManyAsync(chunk.Select(v => (who, "visit.create", (string?)v.RetireeId, $"Logged a visit ({v.Kind}) on {v.Date:yyyy-MM-dd}")).ToList(), ct);
            foreach (var v in chunk) written.Add(v.Id);
        }
        return written;
    }

    public async Task<Visit?> GetAsync(string retireeId, string visitId, CancellationToken ct)
    {
        if (!IsId(visitId)) return null;
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(retireeId, visitId, cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>A retiree's visits, newest first.</summary>
    public async Task<IReadOnlyList<Visit>> ListForRetireeAsync(string retireeId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        var list = new List<Visit>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {retireeId}"), cancellationToken: ct))
            list.Add(FromEntity(e));
        return Newest(list);
    }

    /// <summary>Every visit from <paramref name="from"/> to <paramref name="to"/> (inclusive), newest first; one read per month.</summary>
    public async Task<IReadOnlyList<Visit>> ListPeriodAsync(DateOnly from, DateOnly to, VisitKind? kind, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1)) months.Add(m);
        var (low, high) = (DayKey(from), DayKey(to.AddDays(1)));
        var reads = months.Select(async month =>
        {
            var pk = MonthPartition(month);
            var filter = kind is { } k
                ? TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {low} and RowKey lt {high} and Kind eq {k.ToString()}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {low} and RowKey lt {high}");
            var rows = new List<Visit>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct)) rows.Add(FromEntity(e));
            return rows;
        });
        return Newest((await Task.WhenAll(reads)).SelectMany(r => r).ToList());
    }

    /// <summary>Removes a mistaken entry (both rows).</summary>
    public async Task DeleteAsync(Visit visit, Caller who, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Visits, ct);
        // The month row first: a visit half-deleted by a crash still shows on the retiree's page, where it can be deleted again.
        await table.DeleteEntityAsync(MonthPartition(visit.Date), visit.Id, cancellationToken: ct);
        await table.DeleteEntityAsync(visit.RetireeId, visit.Id, cancellationToken: ct);
        // Moved out of its kind's count, not removed: a visit counted later under its kind stays uncounted.
        await counts.CountAsync(new Counted(ReportKinds.Visit, visit.Date, visit.Id, Deleted, 1), ct);
        await audit.RecordAsync(who, "visit.delete", visit.RetireeId,
            $"Deleted the visit ({visit.Kind}) of {visit.Date:yyyy-MM-dd} logged by {visit.RecordedBy}", ct);
    }

    public const string Deleted = "deleted";

    private static List<Visit> Newest(List<Visit> visits) =>
        visits.OrderByDescending(v => v.Date).ThenByDescending(v => v.RecordedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();

    private static string DayKey(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    // Retiree ids start with "r", so a month partition never meets a retiree's.
    private static string MonthPartition(DateOnly d) => "m" + d.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(Visit v, string partition) => new(partition, v.Id)
    {
        ["RetireeId"] = v.RetireeId,
        ["Date"] = v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Kind"] = v.Kind.ToString(),
        ["Visitors"] = v.Visitors,
        ["VisitorIds"] = v.VisitorIds.Count == 0 ? null : string.Join(',', v.VisitorIds),
        ["Note"] = v.Note,
        // Tables have no decimal type; the amount is kept exactly, as text.
        ["Amount"] = v.Amount?.ToString(CultureInfo.InvariantCulture),
        ["RecordedBy"] = v.RecordedBy,
        ["RecordedAt"] = v.RecordedAt,
    };

    private static Visit FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        RetireeId = e.GetString("RetireeId"),
        Date = DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Kind = Enum.Parse<VisitKind>(e.GetString("Kind")),
        Visitors = e.GetString("Visitors"),
        VisitorIds = e.GetString("VisitorIds") is { Length: > 0 } ids ? ids.Split(',') : [],
        Note = e.GetString("Note"),
        Amount = e.GetString("Amount") is { } a ? decimal.Parse(a, CultureInfo.InvariantCulture) : null,
        RecordedBy = e.GetString("RecordedBy") ?? "",
        RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
    };

    [GeneratedRegex("^[0-9]{8}-[0-9a-f]{16}$")]
    private static partial Regex IdPattern();
}
