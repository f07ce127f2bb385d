using System.Diagnostics;
using System.Text.Json.Nodes;
using Afterglow.App.Backups;
using Afterglow.Tests.Deployment;
using Afterglow.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Afterglow.Tests.Backups;

/// <summary>
/// The round trip an office relies on, on Azurite: the app's data (made through its API, plus rows of every EDM
/// type and a few thousand more for a measurable restore) is exported to the backups container, every table is
/// wiped, scripts/restore.sh rebuilds them, and every row of every table compares equal, types included.
/// </summary>
public class BackupRestoreTests(AppFactory app, ITestOutputHelper output) : AppTests(app)
{
    private const int BulkRows = 6_000;

    private TableServiceClient Tables => new(AppFactory.StorageConnection);

    /// <summary>Every row of every table of this app (its prefix), keyed by table, with Timestamp and ETag left out.</summary>
    private async Task<SortedDictionary<string, List<string>>> SnapshotAsync()
    {
        var all = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var t in Tables.QueryAsync())
        {
            if (!t.Name.StartsWith(App.Prefix, StringComparison.Ordinal)) continue;
            var rows = new List<string>();
            await foreach (var e in Tables.GetTableClient(t.Name).QueryAsync<TableEntity>())
                rows.Add(EntityJson.Write(e).ToJsonString());
            rows.Sort(StringComparer.Ordinal);
            all[t.Name] = rows;
        }
        return all;
    }

    [Fact]
    public async Task A_backup_restored_by_the_restore_script_after_a_wipe_gives_back_every_row_with_its_types()
    {
        // Data made the way the office makes it: a retiree through the API (registry, keys, audit rows).
        var admin = await App.AdminAsync();
        var created = await admin.PostJsonAsync("/api/retirees", """{"name":"备份老人","birthDate":"1940-05-01","mobile":"13800138000"}""");
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        // Every type a table can hold, awkward keys, and enough rows to time the restore.
        var typed = Tables.GetTableClient(App.Prefix + "BackupTypes");
        await typed.CreateIfNotExistsAsync();
        await typed.AddEntityAsync(new TableEntity("p'1 ü", "r'1 老")
        {
            ["Text"] = "退订 STOP ✓", ["Flag"] = true, ["Small"] = 42, ["Big"] = long.MaxValue - 7, ["Ratio"] = 0.1 + 0.2,
            ["When"] = new DateTimeOffset(2026, 12, 2, 17, 30, 0, 123, TimeSpan.Zero), ["Id"] = Guid.NewGuid(), ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        });
        var bulk = Tables.GetTableClient(App.Prefix + "BackupBulk");
        await bulk.CreateIfNotExistsAsync();
        for (var p = 0; p < BulkRows / 100; p++)
            await bulk.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity($"area-{p:D3}", $"row-{i:D3}") { ["Name"] = $"退休人员 {p}-{i}", ["Seq"] = (long)(p * 100 + i), ["At"] = DateTimeOffset.UnixEpoch.AddDays(p) })));

        var before = await SnapshotAsync();
        Assert.True(before.Count >= 4, $"Expected the app's tables and the two made here, got {string.Join(", ", before.Keys)}.");

        var archive = App.Services.GetRequiredService<BackupArchive>();
        var manifest = await archive.ExportAsync(CancellationToken.None);
        Assert.Equal(before.Count, manifest.Tables.Count);
        Assert.Equal(before.Values.Sum(r => r.Count), manifest.Tables.Values.Sum());

        // The disaster: every table of the app is gone.
        foreach (var table in before.Keys) await Tables.DeleteTableAsync(table);
        Assert.Empty((await SnapshotAsync()).Keys);

        var watch = Stopwatch.StartNew();
        var (exit, log) = await Repository.RunScriptAsync("scripts/restore.sh", new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = AppFactory.StorageConnection, ["Storage__Prefix"] = App.Prefix,
        }, TimeSpan.FromMinutes(10));
        watch.Stop();
        Assert.True(exit == 0, $"scripts/restore.sh failed:\n{log}");
        Assert.Contains($"Restoring {manifest.Name}", log, StringComparison.Ordinal);

        var after = await SnapshotAsync();
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (table, rows) in before) Assert.Equal(rows, after[table]);
        var total = before.Values.Sum(r => r.Count);
        output.WriteLine($"RTO on Azurite: {total} rows in {before.Count} tables restored by scripts/restore.sh in {watch.Elapsed.TotalSeconds:0.0} s ({total / watch.Elapsed.TotalSeconds:0} rows/s, start-up included). {log}");
    }

    [Fact]
    public async Task An_incomplete_backup_without_its_manifest_is_never_restored()
    {
        var archive = App.Services.GetRequiredService<BackupArchive>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => archive.RestoreAsync("1999-01-01T000000Z", CancellationToken.None));
        Assert.DoesNotContain("1999-01-01T000000Z", await archive.ListAsync(CancellationToken.None));
    }

    [Fact]
    public void Entity_json_keeps_every_type()
    {
        var e = new TableEntity("a", "b") { ["I"] = 1, ["L"] = 2L, ["D"] = 2.5, ["B"] = false, ["S"] = "", ["G"] = Guid.Empty, ["T"] = DateTimeOffset.UnixEpoch, ["X"] = new byte[] { 7 } };
        var back = EntityJson.Read(JsonNode.Parse(EntityJson.Write(e).ToJsonString())!);
        foreach (var key in new[] { "I", "L", "D", "B", "S", "G", "T" }) Assert.Equal(e[key], back[key]);
        Assert.IsType<long>(back["L"]);
        Assert.IsType<int>(back["I"]);
        Assert.Equal(new byte[] { 7 }, (byte[])back["X"]);
    }
}
