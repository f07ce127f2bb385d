using Afterglow.App.Storage;
using Afterglow.Domain.Subsidies;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Subsidies;

/// <summary>A retiree's hardship levels, each from a month on, in the order they were set.</summary>
public sealed record HardshipRecord(IReadOnlyList<HardshipPeriod> Periods);

/// <summary>
/// The Subsidies table: the office's rules (one row, written under its ETag) and one row per retiree whose hardship
/// level was ever set (a few hundred at most, so the lists read the whole partition).
/// </summary>
public sealed class SubsidyStore(StorageAccount storage)
{
    private const string RulesPk = "rules", RulesRk = "current", HardshipPk = "hardship";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Subsidies, ct);

    public async Task<(SubsidyRules Rules, ETag? ETag)> RulesAsync(CancellationToken ct) =>
        await Rows.GetAsync<SubsidyRules>(await Table(ct), RulesPk, RulesRk, ct) is var (rules, etag) ? (rules, etag) : (SubsidyRules.Default, null);

    /// <summary>Writes over the version read (null: only if none is stored). Null when someone wrote first.</summary>
    public Task<ETag?> SaveRulesAsync(SubsidyRules rules, ETag? etag, CancellationToken ct) => WriteAsync(RulesPk, RulesRk, rules, etag, ct);

    public async Task<(HardshipRecord Record, ETag? ETag)> HardshipAsync(string retireeId, CancellationToken ct) =>
        await Rows.GetAsync<HardshipRecord>(await Table(ct), HardshipPk, retireeId, ct) is var (r, etag) ? (r, etag) : (new HardshipRecord([]), null);

    public Task<ETag?> SaveHardshipAsync(string retireeId, HardshipRecord record, ETag? etag, CancellationToken ct) => WriteAsync(HardshipPk, retireeId, record, etag, ct);

    /// <summary>Every retiree's hardship periods, by retiree id.</summary>
    public async Task<Dictionary<string, IReadOnlyList<HardshipPeriod>>> AllHardshipAsync(CancellationToken ct)
    {
        var all = new Dictionary<string, IReadOnlyList<HardshipPeriod>>(StringComparer.Ordinal);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == HardshipPk, cancellationToken: ct))
            all[e.RowKey] = StorageJson.Read<HardshipRecord>(e.GetString("Json")).Periods;
        return all;
    }

    private async Task<ETag?> WriteAsync<T>(string pk, string rk, T value, ETag? etag, CancellationToken ct) => await Rows.SaveAsync(await Table(ct), pk, rk, value, etag, ct);
}
