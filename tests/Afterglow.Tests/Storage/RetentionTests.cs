using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Retention;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Storage;

/// <summary>
/// The nightly prune: old finished rows of every kind go; pending, sending, open and recent rows stay; two runs at
/// once or a rerun after a crash delete each row once and nothing else.
/// </summary>
public class RetentionTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private SmsMessage Message(string key, SmsState state) =>
        Get<SmsOutbox>().Prepare(SmsWorld.Notice("+8613900000001", "你好", key), "你好") with { State = state };

    private async Task<bool> ExistsAsync(string table, string pk, string rk) =>
        (await (await Get<StorageAccount>().TableAsync(table, CancellationToken.None)).GetEntityIfExistsAsync<TableEntity>(pk, rk)).HasValue;

    private async Task<int> CountAsync(string table, string filter)
    {
        var n = 0;
        await foreach (var _ in (await Get<StorageAccount>().TableAsync(table, CancellationToken.None)).QueryAsync<TableEntity>(filter)) n++;
        return n;
    }

    private Task<string> PruneAsync() => Get<NightlyPrune>().RunAsync(new TimerInvocation(NightlyPrune.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

    [Fact]
    public async Task Old_finished_rows_go_pending_and_open_ones_stay_and_a_rerun_deletes_nothing_more()
    {
        var ct = CancellationToken.None;
        var outbox = Get<OutboxStore>();
        var inbox = Get<InboxStore>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var start = app.Clock.GetUtcNow();

        // A year and more ago: one of everything, finished and not.
        var oldFinished = new[] { SmsState.Sent, SmsState.Delivered, SmsState.Failed, SmsState.Expired, SmsState.Cancelled }
            .Select(s => Message($"old-{s}-{run}", s)).ToList();
        var oldPending = Message($"old-pending-{run}", SmsState.Pending);
        var oldSending = Message($"old-sending-{run}", SmsState.Sending);
        foreach (var m in oldFinished.Append(oldPending).Append(oldSending)) Assert.True(await outbox.TryAddAsync(m, ct));
        await outbox.SaveBatchAsync($"old-{run}", new Dictionary<string, string> { ["+8613900000001"] = oldPending.Id }, ct);
        await outbox.TakeAsync($"S{run}", start, 1, 100, ct);
        var handledOld = new InboxItem { Id = InboxStore.IdOf(start, $"h{run}"), From = "+8613900000002", Text = "好", ReceivedAt = start, Handled = true };
        var openOld = new InboxItem { Id = InboxStore.IdOf(start, $"o{run}"), From = "+8613900000003", Text = "在吗", ReceivedAt = start };
        await inbox.AddAsync(handledOld, ct);
        await inbox.AddAsync(openOld, ct);
        await inbox.CompleteAsync($"done-{run}", start, ct, "answered");
        Assert.Equal(InboundClaim.Claimed, await inbox.ClaimAsync($"busy-{run}", start, ct));

        // 400 days later, and an hour before the prune: the same kinds, recent.
        var now = start + TimeSpan.FromDays(400);
        app.Clock.SetUtcNow(now - TimeSpan.FromHours(1));
        var recentDone = Message($"new-delivered-{run}", SmsState.Delivered);
        Assert.True(await outbox.TryAddAsync(recentDone, ct));
        await outbox.SaveBatchAsync($"new-{run}", new Dictionary<string, string> { ["+8613900000001"] = recentDone.Id }, ct);
        await outbox.TakeAsync($"S{run}", app.Clock.GetUtcNow(), 1, 100, ct);
        var handledNew = handledOld with { Id = InboxStore.IdOf(app.Clock.GetUtcNow(), $"hn{run}"), ReceivedAt = app.Clock.GetUtcNow() };
        await inbox.AddAsync(handledNew, ct);
        await inbox.CompleteAsync($"done-new-{run}", app.Clock.GetUtcNow(), ct, "answered");
        app.Clock.SetUtcNow(now);

        // Two instances prune at once (a retried timer): each row is deleted once, neither fails.
        var results = await Task.WhenAll(PruneAsync(), PruneAsync());
        Assert.All(results, r => Assert.StartsWith("Pruned", r));

        foreach (var m in oldFinished) Assert.Null(await outbox.GetAsync(m.Id, ct));
        Assert.NotNull(await outbox.GetAsync(oldPending.Id, ct));
        Assert.NotNull(await outbox.GetAsync(oldSending.Id, ct));
        Assert.NotNull(await outbox.GetAsync(recentDone.Id, ct));
        Assert.Null(await outbox.GetBatchAsync($"old-{run}", ct));
        Assert.NotNull(await outbox.GetBatchAsync($"new-{run}", ct));
        Assert.Equal(1, await CountAsync(StorageNames.Outbox, $"PartitionKey eq 'pace-S{run}'"));
        Assert.Null(await inbox.GetAsync(handledOld.Id, ct));
        Assert.NotNull(await inbox.GetAsync(openOld.Id, ct));
        Assert.NotNull(await inbox.GetAsync(handledNew.Id, ct));
        Assert.Null(await inbox.OutcomeAsync($"done-{run}", ct));
        Assert.Equal(InboundClaim.Done, await inbox.ClaimAsync($"done-new-{run}", now, ct));
        // The claim still being handled stays (a redelivery takes it over; it is not "done").
        Assert.Equal(InboundClaim.Claimed, await inbox.ClaimAsync($"busy-{run}", now, ct));

        // A rerun (after a crash, or the next night) finds nothing more of this run's rows.
        var again = await PruneAsync();
        Assert.Contains("outbox 0", again);
        Assert.Contains("inbox 0", again);
        Assert.Contains("batch 0", again);
    }

    [Fact]
    public async Task A_row_that_changed_after_the_prune_read_it_is_not_deleted()
    {
        var ct = CancellationToken.None;
        var inbox = Get<InboxStore>();
        var at = app.Clock.GetUtcNow() - TimeSpan.FromDays(800);
        var item = new InboxItem { Id = InboxStore.IdOf(at, $"r{Guid.NewGuid():N}"), From = "+8613900000004", Text = "再看看", ReceivedAt = at, Handled = true };
        await inbox.AddAsync(item, ct);
        var table = await Get<StorageAccount>().TableAsync(StorageNames.Inbox, ct);

        // Between the prune's read and its delete a coordinator reopens the item: the delete (under the old ETag) does nothing.
        var deleted = await Prune.DeleteAsync(table, $"PartitionKey eq 'inbox' and RowKey eq '{item.Id}'", _ =>
        {
            inbox.SaveAsync(item with { Handled = false, Note = "reopened" }, ct).GetAwaiter().GetResult();
            return true;
        }, ct);
        Assert.Equal(0, deleted);
        Assert.False((await inbox.GetAsync(item.Id, ct))!.Handled);
    }
}

public class RetentionOptionsTests
{
    private static RetentionOptions Read(IConfiguration config) => Afterglow.App.Configuration.Settings.Read<RetentionOptions>(config, RetentionOptions.Section, (c, o) => c.Bind(o));

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Defaults_are_valid_and_days_per_kind_are_read()
    {
        Assert.Empty(new RetentionOptions().Problems());
        var o = Read(Config(("Retention:OutboxDays", "30"), ("Retention:InboxDays", "90"), ("Retention:FeedDays", "2")));
        Assert.Equal(30, o.OutboxDays);
        Assert.Equal(90, o.InboxDays);
        Assert.Equal(2, o.FeedDays);
        Assert.Equal(new RetentionOptions().BatchDays, o.BatchDays);
    }

    [Theory]
    [InlineData("Retention:OutboxDays", "3")]
    [InlineData("Retention:InboxDays", "0")]
    [InlineData("Retention:BatchDays", "2")]
    [InlineData("Retention:InboundClaimDays", "1")]
    [InlineData("Retention:PacingDays", "-1")]
    [InlineData("Retention:FeedDays", "4000")]
    [InlineData("Retention:OutboxDays", "ninety")]
    [InlineData("Retention:InboxDays", "1.5")]
    public void A_retention_too_short_too_long_or_not_whole_days_stops_the_start_naming_the_setting(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read(Config((key, value))));
        Assert.Contains(key, e.Message);
    }
}
