using System.Collections.Concurrent;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Tests.Sms;

namespace Afterglow.Tests.Storage;

/// <summary>Counts every recipient of every request that reaches the gateway (no dedupe): what a phone would get.</summary>
public sealed class CountingGateway(ISmsGateway inner) : ISmsGateway
{
    public ConcurrentDictionary<string, int> Requests { get; } = new();
    /// <summary>Recipients whose next request fails as a whole (a 503), once each.</summary>
    public ConcurrentDictionary<string, bool> FailOnce { get; } = new();

    public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        if (request.Recipients.Any(r => FailOnce.TryRemove(r.To, out _))) throw new Azure.RequestFailedException(503, "gateway down");
        foreach (var r in request.Recipients) Requests.AddOrUpdate(r.To, 1, (_, n) => n + 1);
        return await inner.SendAsync(request, ct);
    }

    public Task SettleAsync(CancellationToken ct) => inner.SettleAsync(ct);
}

public sealed class CountingSmsFactory : SmsAppFactory
{
    public CountingGateway? Gateway { get; private set; }
    public CountingSmsFactory() => WrapGateway = (_, inner) => Gateway = new CountingGateway(inner);
}

/// <summary>The due index as the outbox uses it: a crash between two writes leaves a row too many, never none.</summary>
public class DueIndexTests(CountingSmsFactory app) : IClassFixture<CountingSmsFactory>
{
    private readonly SmsWorld _w = new(app);
    private OutboxStore Store => _w.Get<OutboxStore>();
    private CountingGateway Gateway => app.Gateway ?? (_w.Get<ISmsGateway>() as CountingGateway)!;
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<IReadOnlyList<(string Id, string Slot)>> RowsOf(string id) =>
        (await Store.DueAsync(Now + TimeSpan.FromDays(1), CancellationToken.None)).Where(d => d.Id == id).ToList();

    [Fact]
    public async Task Queueing_files_the_due_row_and_the_message_is_sent_once()
    {
        var phone = Afterglow.Tests.CheckIns.CareWorld.NewPhone();
        var m = await _w.QueueAsync(SmsWorld.Notice(phone, "一", $"due:{Guid.NewGuid():N}"));
        Assert.Single(await RowsOf(m.Id));
        await _w.DispatchAsync();
        await _w.DispatchAsync();
        Assert.Equal(1, Gateway.Requests[phone]);
        Assert.Empty(await RowsOf(m.Id));
    }

    [Fact]
    public async Task A_due_row_whose_message_is_not_written_yet_waits_for_it_and_an_old_orphan_goes()
    {
        var phone = Afterglow.Tests.CheckIns.CareWorld.NewPhone();
        var sms = SmsWorld.Notice(phone, "二", $"due:{Guid.NewGuid():N}");
        var message = _w.Get<SmsOutbox>().Prepare(sms, "二");
        // The queuer wrote the due row and has not yet written the message (or crashed before it).
        await Store.AddDueAsync(message.Id, message.NotBefore, CancellationToken.None);
        await _w.DispatchAsync();
        Assert.Single(await RowsOf(message.Id));

        Assert.True(await Store.TryAddAsync(message, CancellationToken.None));
        await _w.DispatchAsync();
        Assert.Equal(1, Gateway.Requests[phone]);

        // A row for a message that never came is dropped once it is older than the grace period.
        var orphan = OutboxStore.IdOf($"due:orphan:{Guid.NewGuid():N}");
        await Store.AddDueAsync(orphan, Now, CancellationToken.None);
        await _w.DispatchAsync();
        Assert.Single(await RowsOf(orphan));
        app.Clock.Advance(SmsDispatcher.OrphanGrace + TimeSpan.FromMinutes(2));
        await _w.DispatchAsync();
        Assert.Empty(await RowsOf(orphan));
    }

    [Fact]
    public async Task A_message_moved_to_a_later_minute_whose_new_row_a_crash_lost_is_filed_again_and_sent_once()
    {
        var phone = Afterglow.Tests.CheckIns.CareWorld.NewPhone();
        var m = await _w.QueueAsync(SmsWorld.Notice(phone, "三", $"due:{Guid.NewGuid():N}"));
        // As a crashed retry leaves it: the message says "not before +5 min", only its old row is filed.
        var later = Now + TimeSpan.FromMinutes(5);
        Assert.NotNull(await Store.UpdateAsync(m.Id, x => x with { NotBefore = later, Attempts = 1, Error = "503" }, CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _w.DispatchAsync();
        var rows = await RowsOf(m.Id);
        Assert.Equal([DueIndex.PartitionOf(later)], rows.Select(r => r.Slot));
        Assert.False(Gateway.Requests.ContainsKey(phone));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await _w.DispatchAsync();
        await _w.DispatchAsync();
        Assert.Equal(1, Gateway.Requests[phone]);
        Assert.Contains((await _w.MessageAsync(m.Key)).State, new[] { SmsState.Sent, SmsState.Delivered });
    }

    [Fact]
    public async Task A_failed_request_is_retried_under_a_new_row_and_never_left_without_one()
    {
        var phone = Afterglow.Tests.CheckIns.CareWorld.NewPhone();
        var m = await _w.QueueAsync(SmsWorld.Notice(phone, "四", $"due:{Guid.NewGuid():N}"));
        Gateway.FailOnce[phone] = true;
        await _w.DispatchAsync();
        var retry = await _w.MessageAsync(m.Key);
        Assert.Equal(SmsState.Pending, retry.State);
        Assert.Contains(DueIndex.PartitionOf(retry.NotBefore), (await RowsOf(m.Id)).Select(r => r.Slot));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await _w.DispatchAsync();
        Assert.Equal(1, Gateway.Requests[phone]);
        Assert.Empty(await RowsOf(m.Id));
    }

    [Fact]
    public async Task Moving_keeps_a_row_that_lands_in_the_same_minute_and_removes_the_rest()
    {
        var id = OutboxStore.IdOf($"due:move:{Guid.NewGuid():N}");
        var other = OutboxStore.IdOf($"due:move:{Guid.NewGuid():N}");
        var at = Now + TimeSpan.FromHours(1);
        await Store.AddDueManyAsync([(id, at), (other, at)], CancellationToken.None);
        await Store.MoveDueManyAsync([(id, at + TimeSpan.FromSeconds(20)), (other, at + TimeSpan.FromMinutes(3))],
            [(id, DueIndex.PartitionOf(at)), (other, DueIndex.PartitionOf(at))], CancellationToken.None);
        Assert.Equal([DueIndex.PartitionOf(at)], (await RowsOf(id)).Select(r => r.Slot));
        Assert.Equal([DueIndex.PartitionOf(at + TimeSpan.FromMinutes(3))], (await RowsOf(other)).Select(r => r.Slot));
    }
}
