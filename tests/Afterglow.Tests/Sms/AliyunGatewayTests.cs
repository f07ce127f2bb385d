using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.App.Sms.China;
using Afterglow.Tests.CheckIns;

namespace Afterglow.Tests.Sms;

/// <summary>Alibaba Cloud SMS end to end on the fake: batching, per-number answers, throttling, errors, split staff text, refusal at queue time.</summary>
public class AliyunGatewayTests(AliyunFixture fx) : IClassFixture<AliyunFixture>
{
    private readonly SmsWorld w = new(fx.App);

    private static string Bare(string e164) => e164[3..];

    [Fact]
    public async Task Same_text_goes_as_SendBatchSms_of_100_and_one_number_as_SendSms_with_the_signature_and_template()
    {
        var text = "体检" + MainlandFixture.Unique(20);
        var phones = AcsFixture.Phones(150);
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        var single = (await AcsFixture.QueueAsync(w, [CareWorld.NewPhone()], "单发" + MainlandFixture.Unique(20))).Single();
        var before = fx.Fake.Actions.Count;

        await w.DispatchAsync();

        var actions = fx.Fake.Actions.Skip(before).ToList();
        Assert.Equal(2, actions.Count(a => a == "SendBatchSms"));
        Assert.Equal(1, actions.Count(a => a == "SendSms"));
        var sent = fx.Fake.Phone.Where(s => s.Params["text"]!.GetValue<string>() == text).ToList();
        Assert.Equal(150, sent.Count);
        Assert.All(sent, s => Assert.Equal(MainlandFixture.CodeOf(SmsTemplates.StaffReply, "zh"), s.TemplateCode));
        Assert.Equal(phones.Select(Bare).Order(), sent.Select(s => s.Phone).Order());
        var message = await w.MessageAsync(queued[0].Key);
        Assert.Equal(SmsState.Sent, message.State);
        Assert.Equal($"【{MainlandFixture.Sign}】{text}", message.Text); // what the phone shows
        Assert.Equal(sent.Single(s => s.Phone == Bare(queued[0].To)).BizId, message.ProviderMessageId);
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(single.Key)).State);
    }

    [Fact]
    public async Task A_bad_number_in_a_batch_fails_alone_and_the_others_are_sent()
    {
        var phones = AcsFixture.Phones(4);
        fx.Fake.Invalid[Bare(phones[2])] = true;
        var queued = await AcsFixture.QueueAsync(w, phones, "号码" + MainlandFixture.Unique(20));
        await w.DispatchAsync();
        var failed = await w.MessageAsync(queued[2].Key);
        Assert.Equal(SmsState.Failed, failed.State);
        Assert.Contains("isv.MOBILE_NUMBER_ILLEGAL", failed.Error);
        foreach (var i in new[] { 0, 1, 3 }) Assert.Equal(SmsState.Sent, (await w.MessageAsync(queued[i].Key)).State);
        Assert.DoesNotContain(fx.Fake.Phone, s => s.Phone == Bare(phones[2]));
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_when_it_persists_the_message_waits_in_the_outbox()
    {
        var phone = CareWorld.NewPhone();
        var first = (await AcsFixture.QueueAsync(w, [phone], "限流" + MainlandFixture.Unique(20))).Single();
        fx.Fake.ThrottleNext();
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(first.Key)).State);
        Assert.Single(fx.Fake.Phone, s => s.Phone == Bare(phone));

        var other = CareWorld.NewPhone();
        var second = (await AcsFixture.QueueAsync(w, [other], "限流" + MainlandFixture.Unique(20))).Single();
        for (var i = 0; i < 3; i++) fx.Fake.ThrottleNext();
        await w.DispatchAsync();
        var waiting = await w.MessageAsync(second.Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Contains("429", waiting.Error);
        Assert.DoesNotContain(fx.Fake.Phone, s => s.Phone == Bare(other));
        fx.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(second.Key)).State);
        Assert.Single(fx.Fake.Phone, s => s.Phone == Bare(other));
    }

    [Fact]
    public async Task A_server_error_or_an_empty_balance_is_retried_later_and_the_phone_gets_one_SMS()
    {
        var phone = CareWorld.NewPhone();
        var queued = (await AcsFixture.QueueAsync(w, [phone], "故障" + MainlandFixture.Unique(20))).Single();
        fx.Fake.FailNext();
        await w.DispatchAsync();
        var pending = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, pending.State);
        Assert.Contains("503", pending.Error);
        fx.Fake.NoBalanceNext();
        fx.App.Clock.Advance(SmsDispatcher.Backoff(1));
        await w.DispatchAsync();
        Assert.Contains("isv.AMOUNT_NOT_ENOUGH", (await w.MessageAsync(queued.Key)).Error);
        fx.App.Clock.Advance(SmsDispatcher.Backoff(2));
        await w.DispatchAsync();
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(queued.Key)).State);
        Assert.Single(fx.Fake.Phone, s => s.Phone == Bare(phone));
    }

    [Fact]
    public async Task Staff_text_longer_than_a_variable_is_split_into_numbered_messages()
    {
        var phone = CareWorld.NewPhone();
        var text = string.Concat(Enumerable.Repeat("请于本周五上午到老干部活动中心领取慰问品。", 4)); // 84 characters
        var key = $"test:{Guid.NewGuid():N}";
        var first = await w.QueueAsync(SmsWorld.Notice(phone, text, key));
        await w.DispatchAsync();
        var parts = fx.Fake.Phone.Where(s => s.Phone == Bare(phone)).Select(s => s.Params["text"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Length <= 35, p));
        Assert.Equal(text, string.Concat(parts.Select(p => p[5..])));
        Assert.StartsWith("(1/3)", parts[0]);
        Assert.Equal(SmsState.Sent, (await w.MessageAsync(key + "#3")).State);
        Assert.Equal(1, first.Segments);
    }

    [Theory]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六", "at most 35")]
    [InlineData("看 https://example.cn", "link")]
    [InlineData("【假签名】", "【】")]
    public async Task A_message_whose_variable_breaks_the_rules_is_refused_when_queued_with_the_reason(string name, string reason)
    {
        var phone = CareWorld.NewPhone();
        var message = await w.QueueAsync(new OutgoingSms(phone, SmsTemplates.OptOutAlert, new Dictionary<string, string> { ["name"] = name }, "zh-CN",
            SmsPurpose.System, $"test:{Guid.NewGuid():N}", "test", IgnoreQuietHours: true));
        Assert.Equal(SmsState.Failed, message.State);
        Assert.Contains(reason, message.Error);
        Assert.Contains("Refused before sending", message.Error);
        Assert.Equal(SmsState.Failed, (await w.MessageAsync(message.Key)).State);
        var requests = fx.Fake.Requests;
        await w.DispatchAsync();
        Assert.DoesNotContain(fx.Fake.Phone, s => s.Phone == Bare(phone));
        Assert.Equal(requests, fx.Fake.Requests);
    }
}

public sealed class StoppingAliyun : AliyunFixture
{
    protected override Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap() => (_, inner) => new StopAfterSend(inner);
}

public class AliyunProcessStopTests(StoppingAliyun fx) : IClassFixture<StoppingAliyun>
{
    [Fact]
    public async Task A_stop_between_sent_and_recorded_is_recognised_by_OutId_and_not_sent_again()
    {
        var w = new SmsWorld(fx.App);
        var phones = AcsFixture.Phones(5);
        var text = "停机" + MainlandFixture.Unique(20);
        var queued = await AcsFixture.QueueAsync(w, phones, text);
        await Assert.ThrowsAsync<ProcessStopped>(w.DispatchAsync);
        Assert.Equal(5, fx.Fake.Phone.Count(s => s.Params["text"]!.GetValue<string>() == text));
        Assert.Equal(SmsState.Sending, (await w.MessageAsync(queued[0].Key)).State);

        fx.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await w.DispatchAsync();
        foreach (var q in queued) Assert.Equal(SmsState.Sent, (await w.MessageAsync(q.Key)).State);
        Assert.Equal(5, fx.Fake.Phone.Count(s => s.Params["text"]!.GetValue<string>() == text)); // counted at the fake: no second send
        Assert.Contains("QuerySendDetails", fx.Fake.Actions);
    }
}

public sealed class WrongKeyAliyun : AliyunFixture
{
    protected override string KeySecret => "not-the-secret";
}

public class AliyunWrongKeyTests(WrongKeyAliyun fx) : IClassFixture<WrongKeyAliyun>
{
    [Fact]
    public async Task A_wrongly_signed_request_is_refused_by_the_fake_and_the_message_waits()
    {
        var w = new SmsWorld(fx.App);
        var queued = (await AcsFixture.QueueAsync(w, [CareWorld.NewPhone()], "签名" + MainlandFixture.Unique(10))).Single();
        await w.DispatchAsync();
        Assert.True(fx.Fake.Refused >= 1);
        Assert.Empty(fx.Fake.Phone);
        var waiting = await w.MessageAsync(queued.Key);
        Assert.Equal(SmsState.Pending, waiting.State);
        Assert.Contains("IncompleteSignature", waiting.Error);
    }
}
