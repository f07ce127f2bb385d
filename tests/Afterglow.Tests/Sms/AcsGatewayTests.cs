using System.Net;
using Afterglow.App.Sms;
using Afterglow.App.Sms.Acs;
using Afterglow.Tests.CheckIns;
using Azure.Core.Pipeline;

namespace Afterglow.Tests.Sms;

/// <summary>The app on the fake ACS server; settings per test class.</summary>
public abstract class AcsFixture : IAsyncLifetime
{
    public FakeAcsServer Acs { get; private set; } = null!;
    public SmsAppFactory App { get; private set; } = null!;
    protected virtual int RatePerMinute => 100_000;
    protected virtual Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap(FakeAcsServer acs) => null;
    protected virtual string ConnectionString(FakeAcsServer acs) => acs.ConnectionString;

    public async Task InitializeAsync()
    {
        Acs = await FakeAcsServer.StartAsync();
        App = Create(null);
    }

    /// <summary>Another app instance on the same storage and gateway, or the first one.</summary>
    public SmsAppFactory Create(string? sharedPrefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Gateway"] = "acs",
            ["Acs:ConnectionString"] = ConnectionString(Acs),
            ["Sms:From"] = "+18005550100",
            ["Sms:RatePerMinute"] = RatePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (sharedPrefix is not null) settings["Storage:Prefix"] = sharedPrefix;
        return NewApp(settings);
    }

    /// <summary>The app for these settings; a fixture may wrap more than the gateway.</summary>
    protected virtual SmsAppFactory NewApp(Dictionary<string, string?> settings) => new() { Extra = settings, WrapGateway = Wrap(Acs) };

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Acs.DisposeAsync();
    }

    public static List<string> Phones(int n) => Enumerable.Range(0, n).Select(_ => CareWorld.NewPhone()).ToList();

    public static async Task<List<SmsMessage>> QueueAsync(SmsWorld w, IEnumerable<string> phones, string text, bool ignoreQuietHours = true)
    {
        var list = new List<SmsMessage>();
        foreach (var phone in phones) list.Add(await w.QueueAsync(SmsWorld.Notice(phone, text, $"test:{Guid.NewGuid():N}", ignoreQuietHours)));
        return list;
    }
}

public sealed class PlainAcs : AcsFixture;

/// <summary>Batches, per-recipient results, 429 with Retry-After, duplicates of a key.</summary>
public class AcsDispatchTests(PlainAcs fx) : IClassFixture<PlainAcs>
{
    private readonly SmsWorld w = new(fx.App);

    [Fact]
    public async Task Same_text_goes_100_recipients_a_request_and_each_recipients_result_is_recorded_on_its_own()
    {
        var phones = AcsFixture.Phones(250);
        var invalid = CareWorld.NewPhone();
        var busy = CareWorld.NewPhone();
        fx.Acs.Invalid[invalid] = true;
        fx.Acs.UnavailableOnce[busy] = true;
        var text = $"体检通知 {Guid.NewGuid():N}";
        await AcsFixture.QueueAsync(w, [.. phones, invalid, busy], text);
        var before = fx.Acs.Requests;

        await w.DispatchAsync();

        Assert.Equal(3, fx.Acs.Requests - before); // 252 recipients: 100 + 100 + 52
        Assert.Equal(250, fx.Acs.Phone.Count(s => s.Message == text));
        var failed = await w.Get<OutboxStore>().ListRecentAsync(DateTimeOffset.MinValue, SmsState.Failed, invalid, 10, CancellationToken.None);
        Assert.Contains("Invalid To phone number format.", Assert.Single(failed).Error);
        var retry = Assert.Single(await w.Get<OutboxStore>().ListRecentAsync(DateTimeOffset.MinValue, SmsState.Pending, busy, 10, CancellationToken.None));
        Assert.Equal(fx.App.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), retry.NotBefore);
        var sent = Assert.Single(await w.Get<OutboxStore>().ListRecentAsync(DateTimeOffset.MinValue, SmsState.Sent, phones[0], 10, CancellationToken.None));
        Assert.StartsWith("Outgoing_", sent.ProviderMessageId);

        fx.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.DispatchAsync();
        Assert.Single(fx.Acs.Phone, s => s.To == busy && s.Message == text);
        Assert.DoesNotContain(fx.Acs.Phone, s => s.To == invalid);
    }

    [Fact]
    public async Task A_throttled_request_waits_for_Retry_After_then_goes_with_the_same_repeatability_ids()
    {
        var phones = AcsFixture.Phones(3);
        var text = $"通知 {Guid.NewGuid():N}";
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        fx.Acs.ThrottleNext(120);
        await w.DispatchAsync();
        Assert.DoesNotContain(fx.Acs.Phone, s => s.Message == text);
        var waiting = await w.MessageAsync(queued[0].Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Equal(fx.App.Clock.GetUtcNow() + TimeSpan.FromSeconds(120), waiting.NotBefore);
        Assert.Contains("429", waiting.Error);

        fx.App.Clock.Advance(TimeSpan.FromSeconds(60));
        var requests = fx.Acs.Requests;
        await w.DispatchAsync();
        Assert.Equal(requests, fx.Acs.Requests); // still waiting

        fx.App.Clock.Advance(TimeSpan.FromSeconds(61));
        await w.DispatchAsync();
        Assert.Equal(3, fx.Acs.Phone.Count(s => s.Message == text));
        var sent = await w.MessageAsync(queued[0].Key);
        Assert.Equal(SmsState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(queued[0].RepeatabilityId, sent.RepeatabilityId);
    }

    [Fact]
    public async Task A_server_error_is_retried_with_backoff()
    {
        var phone = CareWorld.NewPhone();
        var text = $"重试 {Guid.NewGuid():N}";
        var queued = (await AcsFixture.QueueAsync(w, [phone], text)).Single();
        fx.Acs.FailNext();
        await w.DispatchAsync();
        var pending = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, pending.State);
        Assert.Contains("503", pending.Error);
        fx.App.Clock.Advance(SmsDispatcher.Backoff(1));
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(queued.Key)).State);
        Assert.Single(fx.Acs.Phone, s => s.To == phone);
    }

    [Fact]
    public async Task Queuing_the_same_key_twice_sends_one_SMS()
    {
        var phone = CareWorld.NewPhone();
        var key = $"test:{Guid.NewGuid():N}";
        var first = await w.QueueAsync(SmsWorld.Notice(phone, "一次", key));
        var second = await w.QueueAsync(SmsWorld.Notice(phone, "一次", key));
        Assert.Equal(first.Id, second.Id);
        await w.DispatchAsync();
        await w.DispatchAsync();
        Assert.Single(fx.Acs.Phone, s => s.To == phone);
    }

    [Fact]
    public async Task Invalid_numbers_and_empty_or_over_long_texts_are_refused_before_anything_is_stored()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => w.QueueAsync(SmsWorld.Notice("13912345678", "x", "bad:1")));
        await Assert.ThrowsAsync<ArgumentException>(() => w.QueueAsync(SmsWorld.Notice(CareWorld.NewPhone(), " ", "bad:2")));
        await Assert.ThrowsAsync<ArgumentException>(() => w.QueueAsync(SmsWorld.Notice(CareWorld.NewPhone(), new string('a', 2049), "bad:3")));
        Assert.Null(await w.Get<OutboxStore>().GetAsync(OutboxStore.IdOf("bad:1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_message_not_sent_in_time_expires()
    {
        var phone = CareWorld.NewPhone();
        var queued = (await AcsFixture.QueueAsync(w, [phone], "过期")).Single();
        fx.App.Clock.Advance(TimeSpan.FromHours(13));
        await w.DispatchAsync();
        var expired = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Expired, expired.State);
        Assert.DoesNotContain(fx.Acs.Phone, s => s.To == phone);
    }
}

public sealed class WrongKeyAcs : AcsFixture
{
    protected override string ConnectionString(FakeAcsServer acs) => $"endpoint={acs.Endpoint}/;accesskey={Convert.ToBase64String(new byte[32])}";
}

public class AcsUnauthorizedTests(WrongKeyAcs fx) : IClassFixture<WrongKeyAcs>
{
    [Fact]
    public async Task A_wrongly_signed_request_is_refused_with_401_and_the_message_waits_in_the_outbox()
    {
        var w = new SmsWorld(fx.App);
        var queued = (await AcsFixture.QueueAsync(w, [CareWorld.NewPhone()], "签名")).Single();
        await w.DispatchAsync();
        Assert.Equal(1, fx.Acs.Refused);
        Assert.Empty(fx.Acs.Phone);
        var waiting = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Contains("401", waiting.Error);
    }
}

public sealed class PacedAcs : AcsFixture
{
    protected override int RatePerMinute => 100;
}

public class AcsPacingTests(PacedAcs fx) : IClassFixture<PacedAcs>
{
    [Fact]
    public async Task The_sender_never_exceeds_its_rate_per_minute_and_the_rest_waits_in_the_outbox()
    {
        var w = new SmsWorld(fx.App);
        var text = $"分批 {Guid.NewGuid():N}";
        await AcsFixture.QueueAsync(w, AcsFixture.Phones(250), text);
        fx.App.Clock.SetUtcNow(new DateTimeOffset(fx.App.Clock.GetUtcNow().UtcDateTime.Date.AddHours(fx.App.Clock.GetUtcNow().Hour + 1), TimeSpan.Zero));
        int Sent() => fx.Acs.Phone.Count(s => s.Message == text);

        await w.DispatchAsync();
        Assert.Equal(100, Sent());
        fx.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await w.DispatchAsync();
        Assert.Equal(100, Sent()); // same minute: the budget is spent
        fx.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await w.DispatchAsync();
        Assert.Equal(200, Sent());
        fx.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.DispatchAsync();
        Assert.Equal(250, Sent());
    }
}

public sealed class TwoInstancesAcs : AcsFixture;

public class AcsTwoInstancesTests(TwoInstancesAcs fx) : IClassFixture<TwoInstancesAcs>
{
    [Fact]
    public async Task Two_instances_dispatching_at_once_send_every_message_exactly_once()
    {
        await using var other = fx.Create(fx.App.Prefix);
        other.Clock.SetUtcNow(fx.App.Clock.GetUtcNow());
        var w = new SmsWorld(fx.App);
        var v = new SmsWorld(other);
        var text = $"两实例 {Guid.NewGuid():N}";
        var phones = AcsFixture.Phones(300);
        await AcsFixture.QueueAsync(w, phones, text);

        await Task.WhenAll(w.DispatchAsync(), v.DispatchAsync(), w.DispatchAsync(), v.DispatchAsync());

        var sent = fx.Acs.Phone.Where(s => s.Message == text).ToList();
        Assert.Equal(300, sent.Count);
        Assert.Equal(300, sent.Select(s => s.To).Distinct().Count());
    }
}

/// <summary>The connection drops after the request reached the gateway, once.</summary>
public sealed class DroppingAcs : AcsFixture
{
    public int Drops;

    protected override Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap(FakeAcsServer acs) => (_, _) =>
        new AcsSmsClient(acs.ConnectionString, new AcsSmsClientOptions { Retry = { MaxRetries = 0 }, Transport = new HttpClientTransport(new HttpClient(new DropAfterSend(this))) });

    private sealed class DropAfterSend(DroppingAcs owner) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (Interlocked.Increment(ref owner.Drops) == 1) throw new HttpRequestException("The connection was reset after the request was sent.");
            return response;
        }
    }
}

public class AcsTransportFaultTests(DroppingAcs fx) : IClassFixture<DroppingAcs>
{
    [Fact]
    public async Task A_connection_lost_after_the_gateway_took_the_request_is_retried_and_the_phone_gets_one_SMS()
    {
        var w = new SmsWorld(fx.App);
        var phone = CareWorld.NewPhone();
        var queued = (await AcsFixture.QueueAsync(w, [phone], "断线")).Single();
        await w.DispatchAsync();
        Assert.Single(fx.Acs.Phone, s => s.To == phone); // it got through
        var after = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, after.State);       // but we could not know

        fx.App.Clock.Advance(SmsDispatcher.Backoff(1));
        await w.DispatchAsync();
        var sent = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Sent, sent.State);
        Assert.Equal(fx.Acs.Phone.Single(s => s.To == phone).MessageId, sent.ProviderMessageId);
        Assert.Single(fx.Acs.Phone, s => s.To == phone);
    }
}

/// <summary>The process stops after the gateway answered and before the answer is recorded, once.</summary>
public sealed class StoppingAcs : AcsFixture
{
    public int Stops;

    protected override Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap(FakeAcsServer acs) => (_, inner) => new StopAfterSend(inner, this);

    public sealed class ProcessStopped() : Exception("The process stopped between sending and recording.");

    private sealed class StopAfterSend(ISmsGateway inner, StoppingAcs owner) : ISmsGateway
    {
        public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
        {
            var results = await inner.SendAsync(request, ct);
            if (Interlocked.Increment(ref owner.Stops) == 1) throw new ProcessStopped();
            return results;
        }
    }
}

public class AcsProcessStopTests(StoppingAcs fx) : IClassFixture<StoppingAcs>
{
    [Fact]
    public async Task A_stop_between_sent_and_recorded_neither_loses_nor_duplicates_the_message()
    {
        var w = new SmsWorld(fx.App);
        var phones = AcsFixture.Phones(5);
        var text = $"停机 {Guid.NewGuid():N}";
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        await Assert.ThrowsAsync<StoppingAcs.ProcessStopped>(w.DispatchAsync);
        Assert.Equal(5, fx.Acs.Phone.Count(s => s.Message == text));
        Assert.Equal(SmsState.Sending, (await w.MessageAsync(queued[0].Key)).State);

        // Until the claim runs out nobody touches it; then it is sent again, and the gateway recognises it.
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sending, (await w.MessageAsync(queued[0].Key)).State);
        fx.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await w.DispatchAsync();
        foreach (var q in queued) Assert.Equal(SmsState.Sent, (await w.MessageAsync(q.Key)).State);
        Assert.Equal(5, fx.Acs.Phone.Count(s => s.Message == text));
    }
}
