using Afterglow.App.Messages;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Sms;

/// <summary>
/// The open inbox reads the open index, not the never-ending history: handled items leave it, reopened ones come
/// back, items stored before the index existed are indexed once, and the order stays newest first.
/// </summary>
public class InboxOpenIndexTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    [Fact]
    public async Task Open_items_come_from_the_open_index_newest_first_and_follow_handling()
    {
        var ct = CancellationToken.None;
        var inbox = app.Services.GetRequiredService<InboxStore>();
        var table = await app.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.Inbox, ct);
        var t0 = app.Clock.GetUtcNow();
        InboxItem Item(int minutes, string id, bool handled = false, string? retireeId = null) => new()
        {
            Id = InboxStore.IdOf(t0 + TimeSpan.FromMinutes(minutes), id), From = "+8613966660001", Text = id, ReceivedAt = t0 + TimeSpan.FromMinutes(minutes),
            Handled = handled, RetireeId = retireeId,
        };

        // Stored by an older version: the item alone, open.
        var legacy = Item(0, "legacy");
        var row = Rows.Write("inbox", legacy.Id, legacy);
        row["Handled"] = false;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        for (var n = 1; n <= 40; n++) await inbox.AddAsync(Item(n, $"handled{n}", handled: true), ct);
        var a = Item(50, "a", retireeId: "r1");
        var b = Item(60, "b");
        await inbox.AddAsync(a, ct);
        await inbox.AddAsync(b, ct);

        Assert.Equal(["b", "a", "legacy"], (await inbox.ListAsync(true, 200, ct)).Select(i => i.Text));
        Assert.Equal(["a"], (await inbox.ListAsync(true, 200, ct, "r1")).Select(i => i.Text));
        Assert.Equal(["b"], (await inbox.ListAsync(true, 1, ct)).Select(i => i.Text));
        // The open list read 3 index rows (and the marker), not 43 items.
        var indexRows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(x => x.PartitionKey == "inbox-open")) indexRows++;
        Assert.Equal(4, indexRows);

        await inbox.SaveAsync(a with { Handled = true, HandledBy = "x" }, ct);
        Assert.Equal(["b", "legacy"], (await inbox.ListAsync(true, 200, ct)).Select(i => i.Text));
        await inbox.SaveAsync(a with { Handled = false }, ct);
        Assert.Equal(["b", "a", "legacy"], (await inbox.ListAsync(true, 200, ct)).Select(i => i.Text));
        // A redelivered reply of a handled item does not reopen it.
        var handled1 = Item(1, "handled1", handled: true);
        await inbox.AddAsync(handled1 with { Handled = false }, ct);
        Assert.Equal(["b", "a", "legacy"], (await inbox.ListAsync(true, 200, ct)).Select(i => i.Text));
        Assert.Equal(43, (await inbox.ListAsync(false, 200, ct)).Count);
    }
}
