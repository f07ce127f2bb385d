using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;

namespace Afterglow.Tests.Sms;

/// <summary>Tencent Cloud SMS end to end on the fake: per-number results, throttling, errors, the 12-character rule, a stop between send and record.</summary>
public class TencentGatewayTests(TencentFixture fx) : IClassFixture<TencentFixture>
{
    private readonly SmsWorld w = new(fx.App);

    [Fact]
    public async Task One_request_per_batch_and_each_numbers_own_answer_is_recorded()
    {
        var phones = AcsFixture.Phones(120);
        var invalid = phones[5];
        var limited = phones[7];
        fx.Fake.Invalid[invalid] = true;
        fx.Fake.DailyLimit[limited] = true;
        var text = MainlandFixture.Unique(10);
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        var before = fx.Fake.Requests;

        await w.DispatchAsync();

        Assert.Equal(2, fx.Fake.Requests - before); // 100 + 20 (the outbox batches by 100)
        Assert.Equal(118, fx.Fake.Phone.Count(s => s.Params.SequenceEqual([text])));
        var sent = await w.MessageAsync(queued[0].Key);
        Assert.Equal(SmsState.Sent, sent.State);
        Assert.Equal(fx.Fake.Phone.Single(s => s.Phone == phones[0]).SerialNo, sent.ProviderMessageId);
        Assert.Equal($"【{MainlandFixture.Sign}】{text}", sent.Text);
        var bad = await w.MessageAsync(queued[5].Key);
        Assert.Equal(SmsState.Failed, bad.State);
        Assert.Contains("InvalidParameterValue.IncorrectPhoneNumber", bad.Error);
        var later = await w.MessageAsync(queued[7].Key);
        Assert.Equal(SmsState.Pending, later.State); // a per-number limit: tried again later
        Assert.Contains("LimitExceeded.PhoneNumberDailyLimit", later.Error);
    }

    [Fact]
    public async Task Throttled_then_failed_requests_are_retried_and_each_phone_gets_one_SMS()
    {
        var phone = CareWorld.NewPhone();
        var queued = (await AcsFixture.QueueAsync(w, [phone], MainlandFixture.Unique(10))).Single();
        fx.Fake.ThrottleNext();
        fx.Fake.ThrottleNext();
        fx.Fake.ThrottleNext();
        await w.DispatchAsync();
        var waiting = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Contains("RequestLimitExceeded", waiting.Error);
        fx.Fake.FailNext();
        fx.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await w.DispatchAsync();
        Assert.Contains("500", (await w.MessageAsync(queued.Key)).Error);
        fx.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(queued.Key)).State);
        Assert.Single(fx.Fake.Phone, s => s.Phone == phone);
    }

    [Fact]
    public async Task Staff_text_is_split_to_Tencents_12_characters_and_a_long_name_is_refused_when_queued()
    {
        var phone = CareWorld.NewPhone();
        var key = $"test:{Guid.NewGuid():N}";
        await w.QueueAsync(SmsWorld.Notice(phone, "明天上午九点在活动中心开会", key)); // 13 characters
        await w.DispatchAsync();
        var parts = fx.Fake.Phone.Where(s => s.Phone == phone).Select(s => s.Params[0]).Order().ToList();
        Assert.Equal(["(1/2)明天上午九点在", "(2/2)活动中心开会"], parts);

        var refused = await w.QueueAsync(new OutgoingSms(CareWorld.NewPhone(), SmsTemplates.OptOutAlert, new Dictionary<string, string> { ["name"] = "欧阳一二三四五六七八九十甲" },
            "zh-CN", SmsPurpose.System, $"test:{Guid.NewGuid():N}", "test", IgnoreQuietHours: true));
        Assert.Equal(SmsState.Failed, refused.State);
        Assert.Contains("at most 12", refused.Error);
    }
}

public sealed class StoppingTencent : TencentFixture
{
    protected override Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap() => (_, inner) => new StopAfterSend(inner);
}

public class TencentProcessStopTests(StoppingTencent fx) : IClassFixture<StoppingTencent>
{
    [Fact]
    public async Task A_stop_between_sent_and_recorded_is_recognised_by_SessionContext_and_not_sent_again()
    {
        var w = new SmsWorld(fx.App);
        var phones = AcsFixture.Phones(3);
        var text = MainlandFixture.Unique(10);
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        await Assert.ThrowsAsync<ProcessStopped>(w.DispatchAsync);
        Assert.Equal(3, fx.Fake.Phone.Count(s => s.Params.SequenceEqual([text])));

        fx.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await w.DispatchAsync();
        foreach (var q in queued) Assert.Equal(SmsState.Sent, (await w.MessageAsync(q.Key)).State);
        Assert.Equal(3, fx.Fake.Phone.Count(s => s.Params.SequenceEqual([text])));
    }
}

public sealed class WrongKeyTencent : TencentFixture
{
    protected override string KeySecret => "not-the-key";
}

public class TencentWrongKeyTests(WrongKeyTencent fx) : IClassFixture<WrongKeyTencent>
{
    [Fact]
    public async Task A_wrongly_signed_request_is_refused_by_the_fake_and_the_message_waits()
    {
        var w = new SmsWorld(fx.App);
        var queued = (await AcsFixture.QueueAsync(w, [CareWorld.NewPhone()], MainlandFixture.Unique(10))).Single();
        await w.DispatchAsync();
        Assert.True(fx.Fake.Refused >= 1);
        Assert.Empty(fx.Fake.Phone);
        var waiting = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Contains("AuthFailure.SignatureFailure", waiting.Error);
    }
}
