using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Visits;

/// <summary>The visit log (走访慰问) at the HTTP boundary. The app's clock says 2026-11-22 in the office.</summary>
public class VisitsApiTests(AppFactory app) : AppTests(app)
{
    private int _retirees;

    private async Task<string> RetireeAsync(HttpClient admin, params string[] volunteerIds)
    {
        var n = Interlocked.Increment(ref _retirees);
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name = $"走访{n}", birthDate = "1940-01-01", mobile = $"1380013{n:D4}", volunteerIds });
        created.EnsureSuccessStatusCode();
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> LogAsync(HttpClient client, string retireeId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/retirees/{retireeId}/visits", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task A_coordinator_logs_visits_and_reads_them_back_newest_first()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var id = await RetireeAsync(admin);

        var response = await coordinator.PostAsJsonAsync($"/api/retirees/{id}/visits",
            new { date = "2026-11-20", kind = "hospital", visitors = " 王处长、李老师 ", note = "在市一医院，精神不错。", amount = 500.00m });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var visit = await response.JsonAsync();
        Assert.Equal($"/api/retirees/{id}/visits/{visit["id"]}", response.Headers.Location!.OriginalString);
        await LogAsync(coordinator, id, new { date = "2026-11-22", kind = "phone" });

        var list = await (await coordinator.GetAsync($"/api/retirees/{id}/visits")).JsonArrayAsync();
        Assert.Equal(["2026-11-22", "2026-11-20"], list.Select(v => v!["date"]!.GetValue<string>()));
        var hospital = list[1]!;
        Assert.Equal("hospital", hospital["kind"]!.GetValue<string>());
        Assert.Equal("王处长、李老师", hospital["visitors"]!.GetValue<string>());
        Assert.Equal("在市一医院，精神不错。", hospital["note"]!.GetValue<string>());
        Assert.Equal(500m, hospital["amount"]!.GetValue<decimal>());
        Assert.Equal(id, hospital["retireeId"]!.GetValue<string>());
        Assert.StartsWith("走访", hospital["retireeName"]!.GetValue<string>());
        Assert.StartsWith("coordinator", hospital["recordedBy"]!.GetValue<string>());
        Assert.Equal(App.Clock.GetUtcNow(), hospital["recordedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(list[0]!["amount"]);

        var audit = await (await admin.GetAsync($"/api/audit?retireeId={id}")).JsonArrayAsync();
        Assert.Equal(2, audit.Count(a => a!["action"]!.GetValue<string>() == "visit.create"));
    }

    [Theory]
    [InlineData("""{ "kind": "home" }""", "date")]
    [InlineData("""{ "date": "2026-11-23", "kind": "home" }""", "date")] // tomorrow in the office
    [InlineData("""{ "date": "1999-12-31", "kind": "home" }""", "date")]
    [InlineData("""{ "date": "2026-02-30", "kind": "home" }""", "date")]
    [InlineData("""{ "date": "2026-11-20" }""", "kind")]
    [InlineData("""{ "date": "2026-11-20", "kind": "banquet" }""", "kind")]
    [InlineData("""{ "date": "2026-11-20", "kind": 1 }""", "kind")]
    [InlineData("""{ "date": "2026-11-20", "kind": "home", "amount": -1 }""", "amount")]
    [InlineData("""{ "date": "2026-11-20", "kind": "home", "amount": 12.345 }""", "amount")]
    [InlineData("""{ "date": "2026-11-20", "kind": "home", "mood": "good" }""", "mood")]
    public async Task Bad_input_is_a_field_error(string json, string field)
    {
        var admin = await App.AdminAsync();
        var id = await RetireeAsync(admin);
        var response = await admin.PostJsonAsync($"/api/retirees/{id}/visits", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"expected an error on {field}");
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{id}/visits")).JsonArrayAsync());
    }

    [Fact]
    public async Task Visitors_and_note_have_limits()
    {
        var admin = await App.AdminAsync();
        var id = await RetireeAsync(admin);
        var response = await admin.PostAsJsonAsync($"/api/retirees/{id}/visits",
            new { date = "2026-11-20", kind = "home", visitors = new string('张', 201), note = new string('好', 2001) });
        var errors = await response.ErrorsAsync();
        Assert.True(errors.ContainsKey("visitors"));
        Assert.True(errors.ContainsKey("note"));

        await LogAsync(admin, id, new { date = "2026-11-20", kind = "home", visitors = new string('张', 200), note = new string('好', 2000), amount = 0 });
    }

    [Fact]
    public async Task An_unknown_retiree_is_404()
    {
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/retirees/rNOBODY/visits", new { date = "2026-11-20", kind = "home" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/retirees/rNOBODY/visits")).StatusCode);
    }

    [Fact]
    public async Task A_volunteer_logs_and_reads_visits_of_paired_retirees_only()
    {
        var admin = await App.AdminAsync();
        var (alice, aliceId) = await App.SignInAsAsync("volunteer");
        var (_, bobId) = await App.SignInAsAsync("volunteer");
        var hers = await RetireeAsync(admin, aliceId!);
        var his = await RetireeAsync(admin, bobId!);
        var hisVisit = await LogAsync(admin, his, new { date = "2026-11-21", kind = "home" });

        var mine = await LogAsync(alice, hers, new { date = "2026-11-21", kind = "home", visitors = "志愿者小陈", note = "一起包了饺子" });
        Assert.Single(await (await alice.GetAsync($"/api/retirees/{hers}/visits")).JsonArrayAsync());

        // Someone else's retiree does not exist for her, whatever she sends.
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync($"/api/retirees/{his}/visits", new { date = "2026-11-21", kind = "home" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync($"/api/retirees/{his}/visits", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/retirees/{his}/visits")).StatusCode);
        Assert.Single(await (await admin.GetAsync($"/api/retirees/{his}/visits")).JsonArrayAsync());

        // Deleting, and the office's lists, are for staff.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync($"/api/retirees/{hers}/visits/{mine["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync($"/api/retirees/{his}/visits/{hisVisit["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/visits?from=2026-11-01&to=2026-11-30")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/visits/coverage?from=2026-11-01&to=2026-11-30")).StatusCode);
        Assert.Equal(2, (await (await admin.GetAsync($"/api/retirees/{his}/visits")).JsonArrayAsync()).Count + (await (await admin.GetAsync($"/api/retirees/{hers}/visits")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task A_coordinator_deletes_a_mistaken_entry_from_both_lists_and_it_is_audited()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var id = await RetireeAsync(admin);
        var other = await RetireeAsync(admin);
        var keep = await LogAsync(coordinator, id, new { date = "2026-11-10", kind = "festival" });
        var wrong = await LogAsync(coordinator, id, new { date = "2026-11-11", kind = "festival" });

        // The id belongs to this retiree only; a malformed id is simply not found.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.DeleteAsync($"/api/retirees/{other}/visits/{wrong["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.DeleteAsync($"/api/retirees/{id}/visits/not-a-visit")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"/api/retirees/{id}/visits/{wrong["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.DeleteAsync($"/api/retirees/{id}/visits/{wrong["id"]}")).StatusCode);

        var left = await (await coordinator.GetAsync($"/api/retirees/{id}/visits")).JsonArrayAsync();
        Assert.Equal([keep["id"]!.GetValue<string>()], left.Select(v => v!["id"]!.GetValue<string>()));
        var period = await (await coordinator.GetAsync("/api/visits?from=2026-11-10&to=2026-11-11")).JsonAsync();
        Assert.DoesNotContain(period["items"]!.AsArray(), v => v!["id"]!.GetValue<string>() == wrong["id"]!.GetValue<string>());
        Assert.Contains(period["items"]!.AsArray(), v => v!["id"]!.GetValue<string>() == keep["id"]!.GetValue<string>());

        var audit = await (await admin.GetAsync($"/api/audit?retireeId={id}")).JsonArrayAsync();
        var deleted = Assert.Single(audit, a => a!["action"]!.GetValue<string>() == "visit.delete")!;
        Assert.Contains("2026-11-11", deleted["detail"]!.GetValue<string>());
        Assert.StartsWith("coordinator", deleted["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_office_lists_visits_in_a_period_across_months_by_kind_newest_first_capped()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var a = await RetireeAsync(admin);
        var b = await RetireeAsync(admin);
        await LogAsync(coordinator, a, new { date = "2026-08-31", kind = "festival" });  // before the period
        await LogAsync(coordinator, a, new { date = "2026-09-01", kind = "festival" });
        await LogAsync(coordinator, b, new { date = "2026-09-30", kind = "home" });
        await LogAsync(coordinator, b, new { date = "2026-10-01", kind = "festival" });
        await LogAsync(coordinator, a, new { date = "2026-10-02", kind = "festival" }); // after it

        var all = await (await coordinator.GetAsync("/api/visits?from=2026-09-01&to=2026-10-01")).JsonAsync();
        Assert.Equal(["2026-10-01", "2026-09-30", "2026-09-01"], all["items"]!.AsArray().Select(v => v!["date"]!.GetValue<string>()));
        Assert.Equal(3, all["total"]!.GetValue<int>());
        Assert.False(all["truncated"]!.GetValue<bool>());
        Assert.StartsWith("走访", all["items"]![0]!["retireeName"]!.GetValue<string>());

        var festival = await (await coordinator.GetAsync("/api/visits?from=2026-09-01&to=2026-10-01&kind=festival")).JsonAsync();
        Assert.Equal(["2026-10-01", "2026-09-01"], festival["items"]!.AsArray().Select(v => v!["date"]!.GetValue<string>()));

        var capped = await (await coordinator.GetAsync("/api/visits?from=2026-09-01&to=2026-10-01&max=1")).JsonAsync();
        Assert.Single(capped["items"]!.AsArray());
        Assert.Equal(3, capped["total"]!.GetValue<int>());
        Assert.True(capped["truncated"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("to=2026-11-30", "from")]
    [InlineData("from=2026-11-01", "to")]
    [InlineData("from=2026-11-31&to=2026-12-01", "from")]
    [InlineData("from=2026-11-30&to=2026-11-01", "to")]
    [InlineData("from=2025-01-01&to=2026-01-02", "to")] // more than 366 days
    [InlineData("from=2026-11-01&to=2026-11-30&kind=banquet", "kind")]
    [InlineData("from=2026-11-01&to=2026-11-30&kind=1", "kind")]
    [InlineData("from=2026-11-01&to=2026-11-30&max=0", "max")]
    public async Task A_bad_period_is_a_field_error(string query, string field)
    {
        var admin = await App.AdminAsync();
        foreach (var path in new[] { "/api/visits", "/api/visits/coverage" })
        {
            var response = await admin.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"{path}: expected an error on {field}");
        }
    }
}
