using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Certification;

/// <summary>Bad input names its field and changes nothing; a volunteer sees only what their paired retirees need.</summary>
public class CertificationRulesTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Bad_input_to_a_campaign_is_a_problem_naming_the_field_and_nothing_is_opened()
    {
        var w = new CertificationWorld(App);
        await w.RetireeAsync("校验甲");
        var admin = await App.AdminAsync();
        var before = (await (await admin.GetAsync("/api/certification")).JsonArrayAsync()).Count;

        async Task FieldAsync(object body, string field)
        {
            var response = await w.OpenAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"expected an error on {field}");
        }
        await FieldAsync(new { deadline = "2026-12-31" }, "year");
        await FieldAsync(new { year = 2026 }, "deadline");
        await FieldAsync(new { year = 2026, deadline = "2026-11-01" }, "deadline"); // in the past
        await FieldAsync(new { year = 2030, deadline = "2030-12-31" }, "year");
        await FieldAsync(new { year = 2026, deadline = "2028-01-31" }, "deadline");
        await FieldAsync(new { year = 2026, deadline = "2026-12-31", howText = new string('认', 201) }, "howText");
        await FieldAsync(new { year = 2026, deadline = "2026-12-31", segmentId = "no-such-segment" }, "segmentId");
        Assert.Equal(before, (await (await admin.GetAsync("/api/certification")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task Bad_marks_and_filters_name_their_field_and_change_nothing()
    {
        var w = new CertificationWorld(App);
        var r = await w.RetireeAsync("校验乙");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();
        async Task FieldAsync(HttpResponseMessage response, string field)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"expected an error on {field}: {await response.Content.ReadAsStringAsync()}");
        }
        await FieldAsync(await w.MarkAsync(id, r, new { }), "state");
        await FieldAsync(await w.MarkAsync(id, r, new { state = "done" }), "how");
        await FieldAsync(await w.MarkAsync(id, r, new { state = "reminded" }), "state");
        await FieldAsync(await w.MarkAsync(id, r, new { state = "homeVisit", how = "app" }), "how");
        await FieldAsync(await w.MarkAsync(id, r, new { how = "app", note = new string('注', 201) }), "note");
        var admin = await App.AdminAsync();
        await FieldAsync(await admin.PostAsJsonAsync($"/api/certification/{id}/done", new { retireeIds = Array.Empty<string>(), how = "app" }), "retireeIds");
        await FieldAsync(await admin.PostAsJsonAsync($"/api/certification/{id}/done", new { retireeIds = new[] { r } }), "how");
        await FieldAsync(await admin.GetAsync($"/api/certification/{id}/retirees?state=finished"), "state");
        await FieldAsync(await admin.GetAsync($"/api/certification/{id}/retirees?missing=maybe"), "missing");
        await FieldAsync(await admin.GetAsync($"/api/certification/{id}/export?format=pdf"), "format");
        // An unknown how is refused by the JSON reader, naming the field.
        await FieldAsync(await w.MarkAsync(id, r, new { how = "fax" }), "how");

        Assert.Equal(HttpStatusCode.NotFound, (await w.MarkAsync(id, "r000000000000", new { how = "app" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.MarkAsync("k000000000000", r, new { how = "app" })).StatusCode);
        var page = await w.ListAsync(id);
        Assert.Equal("toDo", CertificationWorld.States(page)[r]);
        Assert.Equal(["added"], (await (await admin.GetAsync($"/api/retirees/{r}/certification")).JsonArrayAsync()).Single()!["lines"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_volunteer_sees_and_certifies_at_home_only_their_paired_retirees()
    {
        var w = new CertificationWorld(App);
        var (volunteer, personId) = await App.SignInAsAsync(Roles.Volunteer);
        var (_, otherId) = await App.CreateAccountAsync(Roles.Volunteer);
        var mine = await w.RetireeAsync("结对甲", new { volunteerIds = new[] { personId } });
        var mineToo = await w.RetireeAsync("结对乙", new { volunteerIds = new[] { personId } });
        var others = await w.RetireeAsync("别人丙", new { volunteerIds = new[] { otherId } });
        var c = await w.CampaignAsync();
        var id = c["id"]!.GetValue<string>();
        foreach (var r in new[] { mine, others }) Assert.Equal(HttpStatusCode.OK, (await w.MarkAsync(id, r, new { state = "homeVisit" })).StatusCode);

        // The visits they owe: their paired retiree waiting for a home visit, not the other volunteer's, not one still to do.
        var visits = await (await volunteer.GetAsync("/api/certification/visits")).JsonArrayAsync();
        var ids = visits.Select(v => v!["retireeId"]!.GetValue<string>()).ToList();
        Assert.Contains(mine, ids);
        Assert.DoesNotContain(others, ids);
        Assert.DoesNotContain(mineToo, ids);

        Assert.Equal(HttpStatusCode.OK, (await volunteer.GetAsync($"/api/retirees/{mine}/certification")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetAsync($"/api/retirees/{others}/certification")).StatusCode);
        var refused = await volunteer.PostAsJsonAsync($"/api/retirees/{others}/certification/visit", new { campaignId = id });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await volunteer.PostAsJsonAsync($"/api/retirees/{mine}/certification/visit", new { })).StatusCode);

        var done = await volunteer.PostAsJsonAsync($"/api/retirees/{mine}/certification/visit", new { campaignId = id, note = "上门认证完成" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("homeVisit", (await done.JsonAsync())["how"]!.GetValue<string>());
        var states = CertificationWorld.States(await w.ListAsync(id));
        Assert.Equal("done", states[mine]);
        Assert.Equal("homeVisit", states[others]);

        // Nothing of the office's campaigns.
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/certification/{id}/retirees")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PutAsJsonAsync($"/api/certification/{id}/retirees/{mine}", new { how = "app" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/elsewhere")).StatusCode);
    }

    [Fact]
    public async Task Retirees_living_elsewhere_are_listed_by_city_alive_only()
    {
        var w = new CertificationWorld(App);
        var city = "城" + Guid.NewGuid().ToString("N")[..6];
        var a = await w.RetireeAsync("异地甲", new { livesElsewhere = true, city });
        var b = await w.RetireeAsync("异地乙", new { livesElsewhere = true, city });
        var dead = await w.RetireeAsync("异地丙", new { livesElsewhere = true, city });
        await w.RetireeAsync("本地丁", new { city });
        var admin = await App.AdminAsync();
        Assert.True((await admin.PostAsJsonAsync($"/api/retirees/{dead}/death", new { diedOn = "2026-11-01", learnedFrom = "family" })).IsSuccessStatusCode);

        var cities = await (await admin.GetAsync("/api/elsewhere")).JsonArrayAsync();
        var mine = cities.Single(c => c!["city"]!.GetValue<string>() == city)!;
        Assert.Equal(2, mine["count"]!.GetValue<int>());
        Assert.Equal(new[] { a, b }.Order(), mine["retirees"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order());
    }
}
