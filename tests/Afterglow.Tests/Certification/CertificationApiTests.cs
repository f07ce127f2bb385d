using System.Net;
using System.Net.Http.Json;
using System.Text;
using Afterglow.App.Visits;
using Afterglow.Domain.Certification;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Certification;

/// <summary>Pension certification at the HTTP boundary on Azurite: opening a campaign, reminders, marking done, who is missing.</summary>
public class CertificationApiTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_campaign_takes_everyone_alive_in_its_segment_and_those_living_elsewhere_certify_where_they_live()
    {
        var w = new CertificationWorld(App);
        var here = await w.RetireeAsync("本地甲");
        var away = await w.RetireeAsync("异地乙", new { livesElsewhere = true, city = "深圳" });
        var noSms = await w.RetireeAsync("不收短信", new { smsConsent = false });
        var dead = await w.RetireeAsync("已故丙");
        var died = await (await App.AdminAsync()).PostAsJsonAsync($"/api/retirees/{dead}/death", new { diedOn = "2026-10-01", learnedFrom = "family" });
        Assert.True(died.IsSuccessStatusCode, await died.Content.ReadAsStringAsync());

        var c = await w.CampaignAsync();
        Assert.Equal(3, c["total"]!.GetValue<int>()); // everyone alive, on an SMS plan or not
        Assert.Equal(0, c["done"]!.GetValue<int>());
        Assert.Equal(3, c["missing"]!.GetValue<int>());
        Assert.Equal(39, c["daysLeft"]!.GetValue<int>()); // 2026-11-22 → 2026-12-31
        Assert.Equal(CampaignsDefaults.How, c["howText"]!.GetValue<string>());

        var states = CertificationWorld.States(await w.ListAsync(c["id"]!.GetValue<string>()));
        Assert.Equal(new Dictionary<string, string> { [here] = "toDo", [away] = "elsewhere", [noSms] = "toDo" }, states);
    }

    [Fact]
    public async Task A_reminder_round_texts_whoever_still_has_to_certify_with_the_campaigns_text_once_per_round()
    {
        var w = new CertificationWorld(App);
        var here = await w.RetireeAsync("提醒甲");
        var away = await w.RetireeAsync("提醒乙", new { livesElsewhere = true, city = "上海" });
        var home = await w.RetireeAsync("上门丙");
        var noSms = await w.RetireeAsync("提醒丁", new { smsConsent = false });
        var done = await w.RetireeAsync("已认证戊");
        var c = await w.CampaignAsync(how: "请带身份证到二楼办公室认证。");
        var id = c["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, home, new { state = "homeVisit" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, done, new { how = "app" })).StatusCode);

        var result = await w.RemindAsync(id);
        Assert.Equal(2, result["queued"]!.GetValue<int>());
        Assert.Equal(1, result["notBySms"]!.GetValue<int>()); // no consent: a call or a visit instead
        Assert.Equal(1, result["campaign"]!["rounds"]!.GetValue<int>());

        var toHere = await w.ReminderAsync(id, here, 1);
        Assert.NotNull(toHere);
        Assert.Equal(CertificationTemplates.Reminder, toHere!.TemplateId);
        Assert.Contains("2026年12月31日", toHere.Text);
        Assert.Contains("请带身份证到二楼办公室认证。", toHere.Text);
        var toAway = await w.ReminderAsync(id, away, 1);
        Assert.Equal(CertificationTemplates.Elsewhere, toAway!.TemplateId);
        Assert.Contains(c["elsewhereText"]!.GetValue<string>(), toAway.Text);
        foreach (var none in new[] { home, noSms, done }) Assert.Null(await w.ReminderAsync(id, none, 1));

        var states = CertificationWorld.States(await w.ListAsync(id));
        Assert.Equal("reminded", states[here]);
        Assert.Equal("elsewhere", states[away]); // stays on its own list
        Assert.Equal("toDo", states[noSms]);

        // A second round is its own SMS; the row counts both, and its timeline has a line each.
        await w.RemindAsync(id);
        Assert.NotNull(await w.ReminderAsync(id, here, 2));
        var page = await (await (await App.AdminAsync()).GetAsync($"/api/retirees/{here}/certification")).JsonArrayAsync();
        var lines = page.Single()!["lines"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(["added", "reminded", "reminded"], lines);
        var row = (await w.ListAsync(id))["items"]!.AsArray().Single(i => i!["retireeId"]!.GetValue<string>() == here)!;
        Assert.Equal(2, row["reminders"]!.GetValue<int>());
    }

    [Fact]
    public async Task Marking_done_is_one_click_the_same_again_changes_nothing_and_a_batch_names_who_is_not_in_it()
    {
        var w = new CertificationWorld(App);
        var a = await w.RetireeAsync("批量甲");
        var b = await w.RetireeAsync("批量乙");
        var d = await w.RetireeAsync("批量丙");
        var outsider = await new CertificationWorld(App).RetireeAsync("别的单位");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();

        var one = await (await w.MarkAsync(id, a, new { how = "office" })).JsonAsync();
        Assert.Equal("done", one["state"]!.GetValue<string>());
        Assert.Equal("office", one["how"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, a, new { how = "office" })).StatusCode);

        var admin = await App.AdminAsync();
        var batch = await (await admin.PostAsJsonAsync($"/api/certification/{id}/done", new { retireeIds = new[] { a, b, outsider }, how = "institution" })).JsonAsync();
        Assert.Equal(2, batch["changed"]!.GetValue<int>()); // a changes how, b is new
        Assert.Equal([outsider], batch["notInCampaign"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(2, batch["campaign"]!["done"]!.GetValue<int>());
        Assert.Equal(1, batch["campaign"]!["missing"]!.GetValue<int>());

        var missing = await w.ListAsync(id, "?missing=true");
        Assert.Equal([d], missing["items"]!.AsArray().Select(i => i!["retireeId"]!.GetValue<string>()));
        var lines = (await (await admin.GetAsync($"/api/retirees/{a}/certification")).JsonArrayAsync()).Single()!["lines"]!.AsArray();
        Assert.Equal(["added", "done", "done"], lines.Select(l => l!["code"]!.GetValue<string>()));
        Assert.Equal("institution", lines[^1]!["args"]!["how"]!.GetValue<string>());
        var audit = await (await admin.GetAsync($"/api/audit/?retireeId={a}")).JsonArrayAsync();
        Assert.Equal(2, audit.Count(e => e!["action"]!.GetValue<string>() == "certification.mark"));
    }

    [Fact]
    public async Task Done_on_a_home_visit_is_logged_as_a_visit_and_undoing_returns_it_to_the_missing_list()
    {
        var w = new CertificationWorld(App);
        var r = await w.RetireeAsync("卧床甲");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, r, new { state = "homeVisit" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, r, new { state = "done", how = "homeVisit", note = "人脸识别完成" })).StatusCode);
        var visits = await App.Services.GetRequiredService<VisitStore>().ListForRetireeAsync(r, CancellationToken.None);
        var visit = Assert.Single(visits);
        Assert.Equal(VisitKind.Home, visit.Kind);
        Assert.Contains("养老金资格认证", visit.Note);

        Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, r, new { state = "toDo" })).StatusCode);
        Assert.Equal("toDo", CertificationWorld.States(await w.ListAsync(id, "?missing=true"))[r]);
    }

    [Fact]
    public async Task A_retiree_who_dies_leaves_the_campaign_its_numbers_and_its_reminders()
    {
        var w = new CertificationWorld(App);
        var alive = await w.RetireeAsync("健在甲");
        var dies = await w.RetireeAsync("去世乙");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();
        var died = await (await App.AdminAsync()).PostAsJsonAsync($"/api/retirees/{dies}/death", new { diedOn = "2026-11-20", learnedFrom = "family" });
        Assert.True(died.IsSuccessStatusCode);

        var page = await w.ListAsync(id);
        Assert.Equal([alive], page["items"]!.AsArray().Select(i => i!["retireeId"]!.GetValue<string>()));
        Assert.Equal(1, page["campaign"]!["total"]!.GetValue<int>());
        Assert.Equal(1, (await w.RemindAsync(id))["queued"]!.GetValue<int>());
        Assert.Null(await w.ReminderAsync(id, dies, 1));
        Assert.Equal(HttpStatusCode.Conflict, (await w.MarkAsync(id, dies, new { how = "app" })).StatusCode);
    }

    [Fact]
    public async Task The_missing_list_exports_as_CSV_in_the_offices_language()
    {
        var w = new CertificationWorld(App);
        await w.RetireeAsync("导出甲", new { livesElsewhere = true, city = "广州" });
        var done = await w.RetireeAsync("导出乙");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();
        await w.MarkAsync(id, done, new { how = "app" });
        var admin = await App.AdminAsync();

        var zh = await admin.GetAsync($"/api/certification/{id}/export?format=csv&language=zh-CN");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        var text = Encoding.UTF8.GetString(await zh.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("姓名,单位,手机,所在城市,异地居住,认证状态", lines[0]);
        Assert.Equal(2, lines.Length); // only who is missing
        Assert.Contains("导出甲", lines[1]);
        Assert.Contains("异地认证", lines[1]);
        Assert.EndsWith(",2026-12-31,39", lines[1]);

        var en = Encoding.UTF8.GetString(await (await admin.GetAsync($"/api/certification/{id}/export?format=csv&language=en&state=done")).Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("Name,Unit,Mobile,City,Lives elsewhere,State,How", en);
        Assert.Contains("导出乙", en);
        Assert.DoesNotContain("导出甲", en);
    }
}

/// <summary>The defaults the API fills in, named once for the tests.</summary>
internal static class CampaignsDefaults
{
    public const string How = App.Certification.CampaignsApi.DefaultHowText;
}
