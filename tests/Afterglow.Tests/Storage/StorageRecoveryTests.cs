using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Afterglow.Tests.Storage;

/// <summary>Storage that is down when a table is first used: the store works once storage is back, without a restart.</summary>
public class StorageRecoveryTests
{
    [Fact]
    public async Task A_store_whose_first_use_failed_works_once_storage_is_back()
    {
        await using var azurite = new AzuriteProcess();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = "rec" + Guid.NewGuid().ToString("N")[..8],
        }).Build();
        var storage = new StorageAccount(config);
        var checkIns = new CheckInStore(storage, new ReportCounts(storage, new OfficeClock(TimeProvider.System, new OfficeProfile(new OfficeSettingsStore(storage), new OfficeOptions(), new Afterglow.App.Sms.SmsOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OfficeProfile>.Instance))));
        var beat = new SweepHeartbeat(DateTimeOffset.UtcNow, 1, 0, 0, 0, 0);

        // Storage is down at first use (the SDK's own retries give up).
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => checkIns.SaveHeartbeatAsync(beat, cts.Token));
            await Assert.ThrowsAnyAsync<Exception>(() => storage.ContainerAsync("recovery", cts.Token));
        }

        await azurite.StartAsync();
        await checkIns.SaveHeartbeatAsync(beat, CancellationToken.None);
        Assert.Equal(beat.LastRunAt, (await checkIns.GetHeartbeatAsync(CancellationToken.None))!.LastRunAt);
        // Blob containers the same way.
        var container = await storage.ContainerAsync("recovery");
        Assert.True(await container.ExistsAsync());
    }
}
