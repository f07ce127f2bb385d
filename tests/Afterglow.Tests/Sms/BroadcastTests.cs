using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.Registry;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Sms;

/// <summary>Segments, broadcasts, templates and the inbox at the HTTP boundary, sent through the dev phone.</summary>
public class BroadcastTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    private readonly SmsWorld w = new(app);

    private static string Phone(string p) => Uri.EscapeDataString(p);

    [Fact]
    public async Task A_broadcast_previews_its_audience_and_cost_waits_for_approval_reaches_each_in_their_language_and_collects_answers()
    {
        w.At(w.NextDay(), "10:00");
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        var (_, zh) = await w.RetireeWithAsync("广播甲", unit, new { });
        var (_, en) = await w.RetireeWithAsync("Broadcast B", unit, new { language = "en" });
        var (deadId, _) = await w.RetireeWithAsync("广播丙", unit, new { status = "deceased", deceasedOn = "2026-01-02" });
        var (noConsentId, _) = await w.RetireeWithAsync("广播丁", unit, new { smsConsent = false });
        var (stopId, stopped) = await w.RetireeWithAsync("广播戊", unit, new { });
        var admin = await w.AdminAsync();
        Assert.Equal("optedOut", await admin.ReplyOnDevPhoneAsync(app, stopped, "STOP"));

        var segment = await (await admin.PostAsJsonAsync("/api/segments", new { name = "本单位", filter = new { unit } })).JsonAsync();
        Assert.Equal(5, segment["matched"]!.GetValue<int>());
        Assert.Equal(2, segment["recipients"]!.GetValue<int>());
        var count = await (await admin.PostAsJsonAsync("/api/segments/count", new { filter = new { unit, status = "active" } })).JsonAsync();
        Assert.Equal(4, count["matched"]!.GetValue<int>());

        var created = await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "体检报名", templateId = SmsTemplates.Notice, parameters = new Dictionary<string, string> { ["text"] = "下周二体检，回复1报名。" },
            segmentId = segment["id"]!.GetValue<string>(), sendAt = app.Clock.GetUtcNow(), collectAnswers = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();

        var preview = await (await admin.GetAsync($"/api/broadcasts/{id}/preview")).JsonAsync();
        Assert.Equal(2, preview["recipients"]!.GetValue<int>());
        var excluded = preview["excluded"]!.AsArray().ToDictionary(x => x!["retireeId"]!.GetValue<string>(), x => x!["reason"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [deadId] = "deceased", [noConsentId] = "noConsent", [stopId] = "optedOut" }, excluded);
        Assert.Equal("ucs2", preview["encoding"]!.GetValue<string>());
        Assert.Equal(0.05m, preview["costPerMessage"]!.GetValue<decimal>());
        Assert.Equal(0.10m, preview["totalCost"]!.GetValue<decimal>()); // two recipients, one segment each
        await w.DispatchAsync();
        Assert.Empty(await w.OutAsync(zh)); // nothing goes before approval

        // A second member of staff approves (ADR 0014c).
        var (colleague, _) = await app.SignInAsAsync("coordinator");
        var approved = await colleague.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { });
        Assert.Equal("queued", (await approved.JsonAsync())["state"]!.GetValue<string>());
        var edit = await admin.PutAsJsonAsync($"/api/broadcasts/{id}", new { name = "改", templateId = SmsTemplates.Notice, parameters = new { text = "x" }, filter = new { unit }, sendAt = app.Clock.GetUtcNow() });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        await w.DispatchAsync();

        Assert.StartsWith("【离退休工作处】下周二体检", Assert.Single(await w.OutAsync(zh)).Text);
        Assert.StartsWith("[离退休工作处] 下周二体检", Assert.Single(await w.OutAsync(en)).Text);
        Assert.Single(await w.OutAsync(stopped)); // only the STOP confirmation
        var detail = await (await admin.GetAsync($"/api/broadcasts/{id}")).JsonAsync();
        Assert.Equal(2, detail["tally"]!["delivered"]!.GetValue<int>());
        Assert.Equal(2, (await (await admin.GetAsync($"/api/broadcasts/{id}/recipients")).JsonArrayAsync()).Count);

        Assert.Equal("answer", await admin.ReplyOnDevPhoneAsync(app, zh, "1"));
        var answers = await (await admin.GetAsync($"/api/broadcasts/{id}/answers")).JsonArrayAsync();
        Assert.Equal("广播甲", Assert.Single(answers)!["name"]!.GetValue<string>());
        var csv = await admin.GetAsync($"/api/broadcasts/{id}/answers?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"{zh},", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retiree_who_dies_after_the_broadcast_was_queued_is_not_sent_it_and_quiet_hours_hold_it_until_morning()
    {
        var day = w.NextDay();
        w.At(day, "21:00");
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        var (aliveId, alive) = await w.RetireeWithAsync("夜间甲", unit, new { });
        var (dyingId, dying) = await w.RetireeWithAsync("夜间乙", unit, new { });
        var admin = await w.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "夜间通知", templateId = SmsTemplates.Notice, parameters = new { text = "明天停水。" }, filter = new { unit }, sendAt = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(30), collectAnswers = false,
        })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsAsync("coordinator")).Client.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { })).StatusCode);
        w.At(day, "21:30");
        await w.Get<BroadcastQueue>().RunAsync(new TimerInvocation(BroadcastQueue.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);
        await w.DispatchAsync();
        Assert.Empty(await w.OutAsync(alive)); // 21:30 is quiet hours

        var store = w.Get<RetireeStore>();
        var (retiree, etag) = (await store.GetAsync(dyingId, CancellationToken.None))!.Value;
        var died = await store.ReplaceAsync(dyingId, retiree.Profile with { Status = RetireeStatus.Deceased, DeceasedOn = new DateOnly(2026, 11, 20) }, etag, Caller.System, "retiree.update", CancellationToken.None);
        Assert.Equal(WriteOutcome.Ok, died.Outcome);

        w.At(day.AddDays(1), "08:00");
        await w.DispatchAsync();
        Assert.Single(await w.OutAsync(alive));
        Assert.Empty(await w.OutAsync(dying));
        var recipients = await (await (await w.AdminAsync()).GetAsync($"/api/broadcasts/{id}/recipients")).JsonArrayAsync();
        var cancelled = Assert.Single(recipients, r => r!["retireeId"]!.GetValue<string>() == dyingId)!;
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());
        Assert.Equal("The retiree has died.", cancelled["error"]!.GetValue<string>());
        Assert.Equal(aliveId, Assert.Single(recipients, r => r!["state"]!.GetValue<string>() == "delivered")!["retireeId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_broadcasts_are_refused_field_by_field_and_nothing_is_stored()
    {
        var admin = await w.AdminAsync();
        var before = (await (await admin.GetAsync("/api/broadcasts")).JsonArrayAsync()).Count;
        var nobody = await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "没人", templateId = SmsTemplates.Notice, parameters = new { }, filter = new { unit = "no-such-unit" }, sendAt = app.Clock.GetUtcNow(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        var errors = await nobody.ErrorsAsync();
        Assert.True(errors.ContainsKey("filter"), errors.ToJsonString());
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        await w.RetireeWithAsync("参数老人", unit, new { });
        var missing = await (await admin.PostAsJsonAsync("/api/broadcasts", new { name = "缺参数", templateId = SmsTemplates.Notice, filter = new { unit }, sendAt = app.Clock.GetUtcNow() })).ErrorsAsync();
        Assert.True(missing.ContainsKey("parameters.text"), missing.ToJsonString());
        var bad = await (await admin.PostAsJsonAsync("/api/broadcasts", new { name = "", templateId = "nope", filter = new { unit } })).ErrorsAsync();
        foreach (var field in new[] { "name", "templateId", "sendAt" }) Assert.True(bad.ContainsKey(field), bad.ToJsonString());
        var wrongEnum = await admin.PostAsJsonAsync("/api/segments", new { name = "x", filter = new { tier = "extreme" } });
        Assert.True((await wrongEnum.ErrorsAsync()).ContainsKey("filter.tier"));
        Assert.Equal(before, (await (await admin.GetAsync("/api/broadcasts")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task Admins_edit_templates_within_their_parameters_and_the_next_message_uses_the_edit()
    {
        var admin = await w.AdminAsync();
        var unknown = await admin.PutAsJsonAsync($"/api/templates/{SmsTemplates.OptInConfirm}", new { zhCn = "欢迎回来{name}", en = "Welcome back" });
        Assert.True((await unknown.ErrorsAsync()).ContainsKey("zhCn"));
        var saved = await admin.PutAsJsonAsync($"/api/templates/{SmsTemplates.OptInConfirm}", new { zhCn = "欢迎回来，回复STOP可退订。", en = "Welcome back. Reply STOP to opt out." });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var list = await (await admin.GetAsync("/api/templates")).JsonArrayAsync();
        Assert.True(list.Single(t => t!["id"]!.GetValue<string>() == SmsTemplates.OptInConfirm)!["edited"]!.GetValue<bool>());
        Assert.Contains(list, t => t!["id"]!.GetValue<string>() == "checkin.request" && t["parameters"]!.AsArray().Count == 2);

        var phone = CareWorld.NewPhone();
        await admin.ReplyOnDevPhoneAsync(app, phone, "STOP");
        await admin.ReplyOnDevPhoneAsync(app, phone, "START");
        await w.DispatchAsync();
        Assert.Contains(await w.OutAsync(phone), l => l.Text == "欢迎回来，回复STOP可退订。");
    }

    [Fact]
    public async Task The_estimate_counts_segments_and_cost_and_the_inbox_is_answered_and_handled()
    {
        var admin = await w.AdminAsync();
        var gsm = await (await admin.PostAsJsonAsync("/api/messages/estimate", new { text = new string('a', 161) })).JsonAsync();
        Assert.Equal(("gsm7", 2, 0.10m), (gsm["encoding"]!.GetValue<string>(), gsm["segments"]!.GetValue<int>(), gsm["cost"]!.GetValue<decimal>()));
        var zh = await (await admin.PostAsJsonAsync("/api/messages/estimate", new { templateId = "checkin.request", language = "zh-CN", parameters = new { name = "王", office = "离退休处" } })).JsonAsync();
        Assert.Equal("ucs2", zh["encoding"]!.GetValue<string>());
        var missing = await admin.PostAsJsonAsync("/api/messages/estimate", new { templateId = "checkin.request", language = "zh-CN", parameters = new { name = "王" } });
        Assert.True((await missing.ErrorsAsync()).ContainsKey("parameters.office"));
        var tooLong = await admin.PostAsJsonAsync("/api/messages/estimate", new { text = new string('a', 2049) });
        Assert.True((await tooLong.ErrorsAsync()).ContainsKey("text"));

        var phone = CareWorld.NewPhone();
        await admin.ReplyOnDevPhoneAsync(app, phone, "请问活动几点开始？");
        var item = Assert.Single(await (await admin.GetAsync("/api/messages/inbox")).JsonArrayAsync(), i => i!["from"]!.GetValue<string>() == phone)!;
        var id = item["id"]!.GetValue<string>();
        var reply = await admin.PostAsJsonAsync($"/api/messages/inbox/{id}/reply", new { text = "下午两点，在活动室。" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        await w.DispatchAsync();
        Assert.Equal("下午两点，在活动室。", (await w.OutAsync(phone)).Single().Text);
        Assert.DoesNotContain(await (await admin.GetAsync("/api/messages/inbox")).JsonArrayAsync(), i => i!["from"]!.GetValue<string>() == phone);
        var all = await (await admin.GetAsync("/api/messages/inbox?status=all")).JsonArrayAsync();
        Assert.True(all.Single(i => i!["from"]!.GetValue<string>() == phone)!["handled"]!.GetValue<bool>());
        var sent = await (await admin.GetAsync($"/api/messages?to={Phone(phone)}")).JsonArrayAsync();
        Assert.Equal("delivered", Assert.Single(sent)!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/messages?state=lost")).StatusCode);
    }
}
