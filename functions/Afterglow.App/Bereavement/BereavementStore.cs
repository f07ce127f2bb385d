using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Bereavement;

/// <summary>
/// Cases in Table Storage: one row per deceased retiree ("c", retireeId), so recording a death twice finds the first
/// case instead of making a second. Beside them an index of the open cases ("open", retireeId): written before a case
/// is added and removed after it is archived, so the staff's list reads the open cases, not every death there was.
/// </summary>
public sealed class BereavementStore(StorageAccount storage)
{
    private const string CasePartition = "c";
    private const string OpenPartition = "open";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Bereavements, ct);

    public async Task<(BereavementCase Case, ETag ETag)?> GetAsync(string retireeId, CancellationToken ct) =>
        await Rows.GetAsync<BereavementCase>(await Table(ct), CasePartition, retireeId, ct);

    /// <summary>Adds the case; false when there is one already (the caller reads it).</summary>
    public async Task<bool> TryAddAsync(BereavementCase c, CancellationToken ct)
    {
        var table = await Table(ct);
        await table.UpsertEntityAsync(new TableEntity(OpenPartition, c.RetireeId), TableUpdateMode.Replace, ct);
        try { await table.AddEntityAsync(Rows.Write(CasePartition, c.RetireeId, c), ct); return true; }
        catch (RequestFailedException x) when (x.Status == 409) { return false; }
    }

    /// <summary>Replaces the case if nobody wrote it since <paramref name="etag"/>; an archived case leaves the open index after.</summary>
    public async Task<bool> TrySaveAsync(BereavementCase c, ETag etag, CancellationToken ct)
    {
        var table = await Table(ct);
        try { await table.UpdateEntityAsync(Rows.Write(CasePartition, c.RetireeId, c), etag, TableUpdateMode.Replace, ct); }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
        if (c.Archived) await Rows.DeleteIfExistsAsync(table, OpenPartition, c.RetireeId, ct);
        return true;
    }

    /// <summary>The open cases: the index, then a point read each (a pointer to an archived case or to nothing is dropped).</summary>
    public async Task<IReadOnlyList<BereavementCase>> ListOpenAsync(CancellationToken ct)
    {
        var table = await Table(ct);
        var ids = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == OpenPartition, select: ["RowKey"], cancellationToken: ct)) ids.Add(e.RowKey);
        var cases = await Task.WhenAll(ids.Select(id => GetAsync(id, ct)));
        return cases.Where(c => c is { Case.Archived: false }).Select(c => c!.Value.Case).ToList();
    }
}
