using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;

namespace Afterglow.Tests.Sms;

/// <summary>Aliyun's pushes into the one inbound path: exact answers, the secret, a batch pushed twice changing state once.</summary>
public class AliyunCallbackTests(AliyunFixture fx) : IClassFixture<AliyunFixture>
{
    private readonly SmsWorld w = new(fx.App);
    private static string Url(string kind, string secret = MainlandFixture.Secret) => $"/api/sms/aliyun/{secret}/{kind}";

    internal static (SmsState, DateTimeOffset?, DateTimeOffset?, string?, string?) Final(SmsMessage m) => (m.State, m.DeliveredAt, m.FinishedAt, m.Error, m.ProviderMessageId);

    private async Task<(HttpStatusCode Status, string Body)> PushAsync(string url, string json)
    {
        var response = await fx.App.Anonymous().PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_delivery_report_batch_finishes_each_message_once_and_is_answered_as_Aliyun_expects()
    {
        var phones = AcsFixture.Phones(2);
        var queued = await AcsFixture.QueueAsync(w, phones, "回执" + MainlandFixture.Unique(20));
        await w.DispatchAsync();
        var sent = fx.Fake.Phone.Where(s => phones.Contains("+86" + s.Phone)).ToList();
        var report = new JsonArray(
            new JsonObject { ["phone_number"] = sent[0].Phone, ["send_time"] = "2026-11-22 10:00:00", ["report_time"] = "2026-11-22 10:00:05", ["success"] = true,
                ["err_code"] = "DELIVERED", ["err_msg"] = "用户接收成功", ["sms_size"] = "1", ["biz_id"] = sent[0].BizId, ["out_id"] = sent[0].OutId },
            new JsonObject { ["phone_number"] = sent[1].Phone, ["send_time"] = "2026-11-22 10:00:00", ["report_time"] = "2026-11-22 10:00:06", ["success"] = false,
                ["err_code"] = "MK:0001", ["err_msg"] = "空号", ["sms_size"] = "1", ["biz_id"] = sent[1].BizId, ["out_id"] = sent[1].OutId }).ToJsonString();

        var first = await PushAsync(Url("report"), report);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("{\"code\":0,\"msg\":\"接收成功\"}", first.Body);
        var delivered = await w.MessageAsync(queued.Single(q => q.To == "+86" + sent[0].Phone).Key);
        var failed = await w.MessageAsync(queued.Single(q => q.To == "+86" + sent[1].Phone).Key);
        Assert.Equal(SmsState.Delivered, delivered.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 5, TimeSpan.Zero), delivered.DeliveredAt);
        Assert.Equal(SmsState.Failed, failed.State);
        Assert.Contains("MK:0001", failed.Error);

        fx.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await PushAsync(Url("report"), report);
        Assert.Equal(first, again);
        Assert.Equal(Final(delivered), Final(await w.MessageAsync(delivered.Key)));
        Assert.Equal(Final(failed), Final(await w.MessageAsync(failed.Key)));
    }

    [Fact]
    public async Task A_reply_pushed_twice_reaches_the_inbox_once_and_a_provider_opt_out_word_reaches_the_inbound_path()
    {
        var phone = CareWorld.NewPhone();
        var text = "谢谢关心" + MainlandFixture.Unique(6);
        var push = new JsonArray(new JsonObject { ["phone_number"] = phone[3..], ["send_time"] = "2026-11-22 10:01:00", ["content"] = text, ["sign_name"] = MainlandFixture.Sign,
            ["dest_code"] = "1234", ["sequence_id"] = Random.Shared.NextInt64(1, long.MaxValue) }).ToJsonString();
        Assert.Equal((HttpStatusCode.OK, "{\"code\":0,\"msg\":\"接收成功\"}"), await PushAsync(Url("up"), push));
        Assert.Equal((HttpStatusCode.OK, "{\"code\":0,\"msg\":\"接收成功\"}"), await PushAsync(Url("up"), push));
        var inbox = await w.Get<InboxStore>().ListAsync(false, 1000, CancellationToken.None);
        Assert.Single(inbox, i => i.From == phone && i.Text == text);

        var stopper = CareWorld.NewPhone();
        var stop = new JsonArray(new JsonObject { ["phone_number"] = "86" + stopper[3..], ["send_time"] = "2026-11-22 10:02:00", ["content"] = "退订", ["dest_code"] = "1234", ["sequence_id"] = "778899" + MainlandFixture.Unique(4) }).ToJsonString();
        await PushAsync(Url("up"), stop);
        await PushAsync(Url("up"), stop);
        Assert.Contains(stopper, await w.Get<OutboxStore>().OptedOutAsync(CancellationToken.None));
        var confirmations = await w.Get<OutboxStore>().ListRecentAsync(DateTimeOffset.MinValue, null, stopper, 10, CancellationToken.None);
        Assert.Single(confirmations, m => m.TemplateId == SmsTemplates.OptOutConfirm);
    }

    [Fact]
    public async Task The_console_connectivity_check_gets_its_answer_and_a_wrong_secret_or_a_bad_body_changes_nothing()
    {
        var check = await fx.App.Anonymous().GetAsync(Url("report"));
        Assert.Equal("{\"code\":0,\"msg\":\"成功\"}", await check.Content.ReadAsStringAsync());
        var phone = CareWorld.NewPhone();
        var push = new JsonArray(new JsonObject { ["phone_number"] = phone[3..], ["content"] = "你好", ["sequence_id"] = 42, ["send_time"] = "2026-11-22 10:01:00" }).ToJsonString();
        Assert.Equal(HttpStatusCode.NotFound, (await PushAsync(Url("up", MainlandFixture.Secret[..^1] + "x"), push)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.App.Anonymous().GetAsync(Url("report", "nope"))).StatusCode);
        var bad = await PushAsync(Url("up"), "[{\"content\":\"你好\",\"sequence_id\":43}]");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("[0].phone_number", bad.Body);
        Assert.DoesNotContain(await w.Get<InboxStore>().ListAsync(false, 1000, CancellationToken.None), i => i.From == phone);
    }
}

/// <summary>Tencent's callbacks: status reports and replies, the exact answer, the secret, a duplicate push.</summary>
public class TencentCallbackTests(TencentFixture fx) : IClassFixture<TencentFixture>
{
    private readonly SmsWorld w = new(fx.App);
    private static string Url(string kind, string secret = MainlandFixture.Secret) => $"/api/sms/tencent/{secret}/{kind}";

    internal static (SmsState, DateTimeOffset?, DateTimeOffset?, string?, string?) Final(SmsMessage m) => (m.State, m.DeliveredAt, m.FinishedAt, m.Error, m.ProviderMessageId);

    private async Task<(HttpStatusCode Status, string Body)> PushAsync(string url, string json)
    {
        var response = await fx.App.Anonymous().PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_status_batch_pushed_twice_finishes_each_message_once()
    {
        var phones = AcsFixture.Phones(2);
        var queued = await AcsFixture.QueueAsync(w, phones, MainlandFixture.Unique(10));
        await w.DispatchAsync();
        var sent = fx.Fake.Phone.Where(s => phones.Contains(s.Phone)).ToList();
        var push = new JsonArray(sent.Select((s, i) => (JsonNode)new JsonObject
        {
            ["user_receive_time"] = "2026-11-22 10:03:04", ["nationcode"] = "86", ["mobile"] = s.Phone[3..], ["report_status"] = i == 0 ? "SUCCESS" : "FAIL",
            ["errmsg"] = i == 0 ? "DELIVRD" : "MK:0005", ["description"] = i == 0 ? "用户短信送达成功" : "空号", ["sid"] = s.SerialNo,
            // SessionContext comes back as "ext" only where Tencent enabled it: the second report is matched by its serial number.
            ["ext"] = i == 0 ? s.SessionContext : "",
        }).ToArray()).ToJsonString();
        var first = await PushAsync(Url("status"), push);
        Assert.Equal((HttpStatusCode.OK, "{\"result\":0,\"errmsg\":\"OK\"}"), first);
        var delivered = await w.MessageAsync(queued.Single(q => q.To == sent[0].Phone).Key);
        var failed = await w.MessageAsync(queued.Single(q => q.To == sent[1].Phone).Key);
        Assert.Equal(SmsState.Delivered, delivered.State);
        Assert.Equal(SmsState.Failed, failed.State);
        Assert.Contains("MK:0005", failed.Error);
        fx.App.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(first, await PushAsync(Url("status"), push));
        Assert.Equal(Final(delivered), Final(await w.MessageAsync(delivered.Key)));
        Assert.Equal(Final(failed), Final(await w.MessageAsync(failed.Key)));
    }

    [Fact]
    public async Task A_reply_pushed_twice_reaches_the_inbox_once_and_a_wrong_secret_is_refused()
    {
        var phone = CareWorld.NewPhone();
        var text = "收到" + MainlandFixture.Unique(6);
        var reply = new JsonObject { ["extend"] = "", ["mobile"] = phone[3..], ["nationcode"] = "86", ["sign"] = MainlandFixture.Sign, ["text"] = text, ["time"] = 1795000000 }.ToJsonString();
        Assert.Equal(HttpStatusCode.NotFound, (await PushAsync(Url("reply", "wrong-secret-0123456789abcdef"), reply)).Status);
        Assert.Equal((HttpStatusCode.OK, "{\"result\":0,\"errmsg\":\"OK\"}"), await PushAsync(Url("reply"), reply));
        Assert.Equal((HttpStatusCode.OK, "{\"result\":0,\"errmsg\":\"OK\"}"), await PushAsync(Url("reply"), reply));
        var inbox = await w.Get<InboxStore>().ListAsync(false, 1000, CancellationToken.None);
        Assert.Single(inbox, i => i.From == phone && i.Text == text);
        var bad = await PushAsync(Url("reply"), "{\"nationcode\":\"86\",\"text\":\"hi\"}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("mobile", bad.Body);
    }
}
