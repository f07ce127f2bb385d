using System.Collections.Concurrent;
using Afterglow.App.Hosting;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Retirees;

/// <summary>
/// An in-memory copy of every retiree's summary, for filtered lists, search and segments in milliseconds.
/// Loaded once per instance, then kept current from the RegistryChanges feed that every write appends to
/// (docs/decisions/0002-registry-index.md). Local writes apply at once.
/// </summary>
public sealed class RegistryIndex(StorageAccount storage, TimeProvider time, ILogger<RegistryIndex> log)
{
    private static readonly TimeSpan SyncEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(10);
    // Writers' clocks differ a little; re-reading a short overlap is harmless because applying is idempotent.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private const string ChangePartition = "c";

    private readonly ConcurrentDictionary<string, RetireeSummary> _byId = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _syncedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _watermark = DateTimeOffset.MinValue;

    public ICollection<RetireeSummary> All => _byId.Values;

    public RetireeSummary? Find(string id) => _byId.TryGetValue(id, out var s) ? s : null;

    /// <summary>Brings the index up to date with other instances' writes (at most once a second).</summary>
    public async Task EnsureCurrentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _syncedAt < SyncEvery && now - _loadedAt < ReloadEvery) return;
        await _gate.WaitAsync(ct);
        try
        {
            now = time.GetUtcNow();
            if (now - _loadedAt >= ReloadEvery) await LoadAllAsync(now, ct);
            else if (now - _syncedAt >= SyncEvery) await ReadChangesAsync(ct);
            _syncedAt = now;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Applies a write this instance made, and records it for the others.</summary>
    public async Task PublishAsync(IReadOnlyList<RetireeSummary> changed, CancellationToken ct)
    {
        foreach (var s in changed) Apply(s);
        var table = await storage.TableAsync(StorageNames.RegistryChanges, ct);
        var now = time.GetUtcNow();
        var rows = changed.Select(s => new TableEntity(ChangePartition, $"{now.UtcTicks:D19}-{s.Id}-{Guid.NewGuid():N}")
        {
            ["Summary"] = StorageJson.Write(s),
        });
        foreach (var chunk in rows.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
    }

    private void Apply(RetireeSummary s) =>
        _byId.AddOrUpdate(s.Id, s, (_, old) => s.UpdatedAt >= old.UpdatedAt ? s : old);

    private async Task LoadAllAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        var fresh = new Dictionary<string, RetireeSummary>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["Summary"], maxPerPage: 1000, cancellationToken: ct))
        {
            var s = StorageJson.Read<RetireeSummary>(e.GetString("Summary"));
            fresh[s.Id] = s;
        }
        foreach (var s in fresh.Values) Apply(s);
        foreach (var id in _byId.Keys.Where(k => !fresh.ContainsKey(k)).ToList()) _byId.TryRemove(id, out _);
        _loadedAt = now;
        _watermark = now;
        log.LogInformation("Registry index loaded: {Count} retirees", fresh.Count);
    }

    private async Task ReadChangesAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.RegistryChanges, ct);
        var from = $"{(_watermark - Overlap).UtcTicks:D19}";
        var newest = _watermark;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ChangePartition} and RowKey gt {from}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            Apply(StorageJson.Read<RetireeSummary>(e.GetString("Summary")));
            var ticks = long.Parse(e.RowKey.AsSpan(0, 19));
            if (ticks > newest.UtcTicks) newest = new DateTimeOffset(ticks, TimeSpan.Zero);
        }
        _watermark = newest;
    }

    /// <summary>Drops change rows older than <paramref name="keep"/> (at least a day: every instance reloads in full far more often).</summary>
    public async Task<int> PruneChangesAsync(TimeSpan keep, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.RegistryChanges, ct);
        var before = $"{(time.GetUtcNow() - keep).UtcTicks:D19}";
        return await Prune.DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {ChangePartition} and RowKey lt {before}"), _ => true, ct);
    }
}

/// <summary>Loads the index in the background at start so the first list page is fast.</summary>
public sealed class RegistryIndexWarmup(RegistryIndex index, ILogger<RegistryIndexWarmup> log, IHostApplicationLifetime life) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the app answers while the index loads.
        await life.WhenStartedAsync();
        try { await index.EnsureCurrentAsync(stoppingToken); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Registry index warm-up failed; the first request will load it."); }
    }
}
