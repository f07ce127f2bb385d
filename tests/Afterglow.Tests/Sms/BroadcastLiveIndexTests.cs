using Afterglow.App.Messages;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Sms;

/// <summary>
/// The minute's send and every inbound SMS read the live index (broadcasts to send or collecting answers), not every
/// broadcast: finished ones leave it, older data is indexed once, and a stale row is checked and dropped.
/// </summary>
public class BroadcastLiveIndexTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    [Fact]
    public async Task Only_broadcasts_to_send_or_collecting_answers_are_read_older_ones_indexed_once_stale_rows_dropped()
    {
        var ct = CancellationToken.None;
        var store = app.Services.GetRequiredService<BroadcastStore>();
        var table = await app.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.Broadcasts, ct);
        var now = app.Clock.GetUtcNow();
        Broadcast B(string id, BroadcastState state, bool answers = false, DateTimeOffset? queuedAt = null) => new()
        {
            Id = id, Name = id, TemplateId = SmsTemplates.Notice, State = state, CollectAnswers = answers, SendAt = now, CreatedAt = now, QueuedAt = queuedAt,
        };

        // Saved by an older version: the broadcast row alone.
        await table.UpsertEntityAsync(Rows.Write("b", "legacy", B("legacy", BroadcastState.Approved)), TableUpdateMode.Replace, ct);
        // Thirty finished broadcasts, one collecting answers, one whose answer week is over, one approved then queued.
        for (var n = 0; n < 30; n++) Assert.True(await store.TrySaveAsync(B($"done{n}", BroadcastState.Queued, queuedAt: now), default, ct));
        Assert.True(await store.TrySaveAsync(B("asking", BroadcastState.Queued, answers: true, queuedAt: now - TimeSpan.FromDays(1)), default, ct));
        Assert.True(await store.TrySaveAsync(B("asked", BroadcastState.Queued, answers: true, queuedAt: now - TimeSpan.FromDays(8)), default, ct));
        Assert.True(await store.TrySaveAsync(B("approved", BroadcastState.Approved), default, ct));
        var (approved, etag) = (await store.GetAsync("approved", ct))!.Value;
        Assert.True(await store.TrySaveAsync(approved with { State = BroadcastState.Queued, QueuedAt = now }, etag, ct));
        // A row left by a crash: its broadcast never became live.
        Assert.True(await store.TrySaveAsync(B("draft", BroadcastState.Draft), default, ct));
        await table.UpsertEntityAsync(new TableEntity("live", "draft"), TableUpdateMode.Replace, ct);

        var live = await store.ListLiveAsync(now, BroadcastAnswers.Window, ct);
        Assert.Equal(["asking", "legacy"], live.Select(b => b.Id).Order(StringComparer.Ordinal));
        // What the next minute reads: two rows, not thirty-odd broadcasts.
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == "live")) rows.Add(e.RowKey);
        Assert.Equal(["asking", "legacy"], rows.Order(StringComparer.Ordinal));
        Assert.Equal(35, (await store.ListAsync(ct)).Count);

        // The legacy broadcast is queued: it leaves the index with the save.
        var (legacy, legacyTag) = (await store.GetAsync("legacy", ct))!.Value;
        Assert.True(await store.TrySaveAsync(legacy with { State = BroadcastState.Queued, QueuedAt = now }, legacyTag, ct));
        Assert.Equal(["asking"], (await store.ListLiveAsync(now, BroadcastAnswers.Window, ct)).Select(b => b.Id));
        // A lost race (stale ETag) changes nothing and leaves no broadcast unindexed.
        Assert.False(await store.TrySaveAsync(legacy with { State = BroadcastState.Approved }, legacyTag, ct));
        Assert.Equal(["asking"], (await store.ListLiveAsync(now, BroadcastAnswers.Window, ct)).Select(b => b.Id));
    }
}
