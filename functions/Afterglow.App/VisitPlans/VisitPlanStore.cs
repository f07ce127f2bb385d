using System.Text.RegularExpressions;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.VisitPlans;

/// <summary>
/// Plans in Table Storage, one partition ("p"): an office has a handful (one per tier or group of cadres), so the
/// task list reads them all in one query. Tasks are not stored; they are worked out from the plans and the visit log.
/// </summary>
public sealed partial class VisitPlanStore(StorageAccount storage)
{
    private const string Partition = "p";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.VisitPlans, ct);

    public static string NewId() => "vp" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Ids this store made; anything else is no plan (and never reaches a RowKey).</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    public async Task AddAsync(VisitPlan plan, CancellationToken ct) => await (await Table(ct)).AddEntityAsync(Rows.Write(Partition, plan.Id, plan), ct);

    public async Task<(VisitPlan Plan, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsId(id) ? await Rows.GetAsync<VisitPlan>(await Table(ct), Partition, id, ct) : null;

    /// <summary>Replaces the plan if nobody wrote it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<bool> TrySaveAsync(VisitPlan plan, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Rows.Write(Partition, plan.Id, plan), etag, TableUpdateMode.Replace, ct); return true; }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    public async Task<IReadOnlyList<VisitPlan>> ListAsync(CancellationToken ct)
    {
        var list = new List<VisitPlan>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct)) list.Add(Rows.Read<VisitPlan>(e));
        return list.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("^vp[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
