using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Messages;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;

namespace Afterglow.Tests.Batches;

/// <summary>A second member of staff approves a broadcast, unless an admin allowed the drafter to (a one-person office; ADR 0014c).</summary>
public class BroadcastApprovalTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    private readonly SmsWorld w = new(app);

    private async Task<string> DraftAsync(HttpClient by, string unit)
    {
        var created = await by.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "审批测试", templateId = SmsTemplates.Notice, parameters = new { text = "周五开会。" }, filter = new { unit }, sendAt = app.Clock.GetUtcNow() + TimeSpan.FromDays(1),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_drafter_and_the_last_editor_cannot_approve_a_colleague_can_and_an_admin_setting_allows_one_person_offices()
    {
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        await w.RetireeWithAsync("审批老人", unit, new { });
        var admin = await w.AdminAsync();
        var (drafter, _) = await app.SignInAsAsync("coordinator");
        var (editor, _) = await app.SignInAsAsync("coordinator");
        var (colleague, _) = await app.SignInAsAsync("coordinator");

        var id = await DraftAsync(drafter, unit);
        var own = await drafter.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("broadcast.approveOwn", (await own.JsonAsync())["code"]!.GetValue<string>());

        // Whoever edited it last is a drafter too.
        var edit = await editor.PutAsJsonAsync($"/api/broadcasts/{id}", new { name = "审批测试（改）", templateId = SmsTemplates.Notice, parameters = new { text = "周五下午开会。" }, filter = new { unit }, sendAt = app.Clock.GetUtcNow() + TimeSpan.FromDays(1) });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { })).StatusCode);
        Assert.Equal("draft", (await (await admin.GetAsync($"/api/broadcasts/{id}")).JsonAsync())["broadcast"]!["state"]!.GetValue<string>());

        var approved = await colleague.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", (await approved.JsonAsync())["state"]!.GetValue<string>());

        // One-person office: only an admin turns the rule off; then the drafter approves their own.
        Assert.Equal(HttpStatusCode.Forbidden, (await drafter.PutAsJsonAsync("/api/broadcasts/approval-rule", new { drafterMayApprove = true })).StatusCode);
        Assert.True((await (await admin.PutAsJsonAsync("/api/broadcasts/approval-rule", new { })).ErrorsAsync()).ContainsKey("drafterMayApprove"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/broadcasts/approval-rule", new { drafterMayApprove = true })).StatusCode);
        try
        {
            Assert.True((await (await drafter.GetAsync("/api/broadcasts/approval-rule")).JsonAsync())["drafterMayApprove"]!.GetValue<bool>());
            var second = await DraftAsync(drafter, unit);
            Assert.Equal(HttpStatusCode.OK, (await drafter.PostAsJsonAsync($"/api/broadcasts/{second}/approve", new { })).StatusCode);
        }
        finally { await admin.PutAsJsonAsync("/api/broadcasts/approval-rule", new { drafterMayApprove = false }); }
        var audit = await (await admin.GetAsync("/api/audit")).JsonArrayAsync();
        Assert.Contains(audit, a => a!["action"]!.GetValue<string>() == "broadcast.approvalRule");
    }

    [Fact]
    public async Task Several_age_bands_and_the_retirement_type_narrow_a_segment()
    {
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await w.AdminAsync();
        foreach (var (name, birth, type) in new[] { ("六十六", "1960-01-01", "retired"), ("七十五", "1951-01-01", "retired"), ("八十六", "1940-01-01", "veteran"), ("九十二", "1934-01-01", "retired") })
        {
            var r = await admin.PostAsJsonAsync("/api/retirees", new { name, birthDate = birth, mobile = Afterglow.Tests.CheckIns.CareWorld.NewPhone(), unit, retirementType = type });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        async Task<int> Count(object filter) => (await (await admin.PostAsJsonAsync("/api/segments/count", new { filter })).JsonAsync())["matched"]!.GetValue<int>();
        Assert.Equal(3, await Count(new { unit, ageBands = new[] { "from70", "from80", "from85", "from90" } })); // "70 and over"
        Assert.Equal(2, await Count(new { unit, ageBands = new[] { "under70", "from90" } }));
        Assert.Equal(1, await Count(new { unit, retirementType = "veteran" }));
        Assert.Equal(0, await Count(new { unit, retirementType = "veteran", ageBands = new[] { "from90" } }));
        Assert.True((await (await admin.PostAsJsonAsync("/api/segments/count", new { filter = new { ageBands = new[] { "old" } } })).ErrorsAsync()).Count > 0);
        // The list takes the same filters from the query.
        var list = await (await admin.GetAsync($"/api/retirees?unit={unit}&ageBands=from85,from90")).JsonAsync();
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/retirees?ageBands=from85,old")).StatusCode);
    }

    [Fact]
    public async Task Answers_are_tallied_per_choice_on_the_broadcast()
    {
        w.At(w.NextDay(), "10:00");
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        var phones = new List<string>();
        foreach (var name in new[] { "答甲", "答乙", "答丙" }) phones.Add((await w.RetireeWithAsync(name, unit, new { })).Phone);
        var admin = await w.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "体检报名", templateId = SmsTemplates.Notice, parameters = new { text = "参加回复1，不参加回复2。" }, filter = new { unit }, sendAt = app.Clock.GetUtcNow(), collectAnswers = true,
        })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsAsync("coordinator")).Client.PostAsJsonAsync($"/api/broadcasts/{id}/approve", new { })).StatusCode);
        await w.DispatchAsync();
        await admin.ReplyOnDevPhoneAsync(app, phones[0], "1");
        await admin.ReplyOnDevPhoneAsync(app, phones[1], " １ ");
        await admin.ReplyOnDevPhoneAsync(app, phones[2], "2");
        var detail = await (await admin.GetAsync($"/api/broadcasts/{id}")).JsonAsync();
        Assert.Equal("""{"1":2,"2":1}""", detail["answers"]!.ToJsonString());
        Assert.Equal(3, detail["tally"]!["delivered"]!.GetValue<int>());
    }
}
