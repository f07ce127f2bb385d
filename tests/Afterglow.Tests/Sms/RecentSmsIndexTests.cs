using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Sms;

/// <summary>
/// Recent SMS come from the index by creation day, newest first: only the days asked for, up to the number asked
/// for, filtered by recipient and state as before; messages queued before the index existed are found too.
/// </summary>
public class RecentSmsIndexTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    [Fact]
    public async Task Recent_messages_are_listed_newest_first_by_day_with_their_filters_including_older_ones()
    {
        var ct = CancellationToken.None;
        var outbox = app.Services.GetRequiredService<OutboxStore>();
        var prepare = app.Services.GetRequiredService<SmsOutbox>();
        var run = Guid.NewGuid().ToString("N")[..6];
        SmsMessage At(string key, string to) => prepare.Prepare(SmsWorld.Notice(to, "通知", $"{key}-{run}"), "通知");

        // Queued by an older version: the message row alone.
        var legacy = At("legacy", "+8613955550001");
        var table = await app.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.Outbox, ct);
        var (pk, rk) = (legacy.Id[..legacy.Id.IndexOf('.')], legacy.Id[(legacy.Id.IndexOf('.') + 1)..]);
        var row = Rows.Write(pk, rk, legacy);
        row["State"] = legacy.State.ToString();
        row["To"] = legacy.To;
        row["CreatedAt"] = legacy.CreatedAt;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);

        var keys = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            app.Clock.Advance(TimeSpan.FromDays(1));
            var a = At($"d{day}a", "+8613955550001");
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var b = At($"d{day}b", "+8613955550002") with { State = day == 2 ? SmsState.Failed : SmsState.Pending };
            Assert.True(await outbox.TryAddAsync(a, ct));
            Assert.True(await outbox.TryAddAsync(b, ct));
        }
        var now = app.Clock.GetUtcNow();
        var all = await outbox.ListRecentAsync(now - TimeSpan.FromDays(10), null, null, 1000, ct);
        var mine = all.Where(m => m.Key.EndsWith(run, StringComparison.Ordinal)).Select(m => m.Key[..^(run.Length + 1)]).ToList();
        Assert.Equal(["d3b", "d3a", "d2b", "d2a", "d1b", "d1a", "legacy"], mine);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));

        Assert.Equal(2, (await outbox.ListRecentAsync(now - TimeSpan.FromDays(10), null, null, 2, ct)).Count);
        // Only the last twelve hours: day 3's two messages.
        Assert.Equal(2, (await outbox.ListRecentAsync(now - TimeSpan.FromHours(12), null, null, 1000, ct)).Count(m => m.Key.EndsWith(run, StringComparison.Ordinal)));
        Assert.Equal(["d2b"], (await outbox.ListRecentAsync(now - TimeSpan.FromDays(10), SmsState.Failed, null, 1000, ct))
            .Where(m => m.Key.EndsWith(run, StringComparison.Ordinal)).Select(m => m.Key[..3]));
        Assert.Equal(4, (await outbox.ListRecentAsync(now - TimeSpan.FromDays(10), null, "+8613955550001", 1000, ct)).Count(m => m.Key.EndsWith(run, StringComparison.Ordinal)));
    }
}
