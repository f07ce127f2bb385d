using System.Text.RegularExpressions;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Certification;

/// <summary>
/// The Certification table: campaigns ("campaign", id); a partition per campaign with a row per retiree (campaign id,
/// retiree id), so a campaign's list is one partition and adding someone twice finds the first row; and each retiree's
/// campaigns ("r|" + retiree id, campaign id), written before the row it points to, for their page.
/// </summary>
public sealed partial class CertificationStore(StorageAccount storage)
{
    private const string CampaignPartition = "campaign";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Certification, ct);

    public static string NewId() => "k" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Ids this store made; anything else is not a campaign (and never reaches a PartitionKey).</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    private static string PointersOf(string retireeId) => "r|" + retireeId;

    public async Task<(Campaign Campaign, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsId(id) ? await Rows.GetAsync<Campaign>(await Table(ct), CampaignPartition, id, ct) : null;

    public async Task AddAsync(Campaign c, CancellationToken ct) => await (await Table(ct)).AddEntityAsync(Rows.Write(CampaignPartition, c.Id, c), ct);

    public async Task<bool> TrySaveAsync(Campaign c, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Rows.Write(CampaignPartition, c.Id, c), etag, TableUpdateMode.Replace, ct); return true; }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    /// <summary>Every campaign (a few a year), newest deadline first.</summary>
    public async Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken ct)
    {
        var list = new List<Campaign>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == CampaignPartition, cancellationToken: ct)) list.Add(Rows.Read<Campaign>(e));
        return list.OrderByDescending(c => c.Deadline).ThenByDescending(c => c.CreatedAt).ToList();
    }

    public async Task<(Certifying Row, ETag ETag)?> GetRowAsync(string campaignId, string retireeId, CancellationToken ct) =>
        IsId(campaignId) && Retirees.RetireeStore.IsId(retireeId) ? await Rows.GetAsync<Certifying>(await Table(ct), campaignId, retireeId, ct) : null;

    /// <summary>Everyone in a campaign (one partition), with each row's ETag.</summary>
    public async Task<IReadOnlyList<(Certifying Row, ETag ETag)>> RowsAsync(string campaignId, CancellationToken ct)
    {
        var list = new List<(Certifying, ETag)>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == campaignId, cancellationToken: ct)) list.Add((Rows.Read<Certifying>(e), e.ETag));
        return list;
    }

    /// <summary>Adds those not yet in the campaign (pointers first, then rows in transactions of 100); returns how many were new.</summary>
    public async Task<int> AddRowsAsync(string campaignId, IReadOnlyList<Certifying> rows, CancellationToken ct)
    {
        var table = await Table(ct);
        foreach (var chunk in rows.Chunk(16))
            await Task.WhenAll(chunk.Select(r => table.UpsertEntityAsync(new TableEntity(PointersOf(r.RetireeId), campaignId), TableUpdateMode.Replace, ct)));
        var added = 0;
        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, Rows.Write(campaignId, r.RetireeId, r))), ct);
                added += chunk.Length;
            }
            catch (TableTransactionFailedException x) when (x.Status == 409)
            {
                // Some were there already (a campaign refreshed, or a run repeated after a crash): add the rest one by one.
                foreach (var r in chunk)
                {
                    try { await table.AddEntityAsync(Rows.Write(campaignId, r.RetireeId, r), ct); added++; }
                    catch (RequestFailedException y) when (y.Status == 409) { }
                }
            }
        }
        return added;
    }

    /// <summary>Replaces a row if nobody wrote it since <paramref name="etag"/>.</summary>
    public async Task<bool> TrySaveRowAsync(string campaignId, Certifying row, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Rows.Write(campaignId, row.RetireeId, row), etag, TableUpdateMode.Replace, ct); return true; }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    /// <summary>The campaigns a retiree is in (one partition).</summary>
    public async Task<IReadOnlyList<string>> CampaignsOfAsync(string retireeId, CancellationToken ct)
    {
        var list = new List<string>();
        if (!Retirees.RetireeStore.IsId(retireeId)) return list;
        var pk = PointersOf(retireeId);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == pk, select: ["RowKey"], cancellationToken: ct)) list.Add(e.RowKey);
        return list;
    }

    [GeneratedRegex("^k[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
