using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.VisitPlans;

/// <summary>
/// Visit plans at the HTTP boundary on Azurite. The app's clock says 2026-11-22 in the office, so a monthly plan
/// started in October has November's tasks due and October's overdue where no visit was logged.
/// </summary>
public class VisitPlansApiTests(AppFactory app) : AppTests(app)
{
    private static int _n = Random.Shared.Next(0, 5000);

    private static string Unique() => Interlocked.Increment(ref _n).ToString("D4");

    internal static async Task<string> RetireeAsync(HttpClient admin, string unit, params string[] volunteerIds)
    {
        var n = Unique();
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name = $"计划{n}", birthDate = "1940-01-01", mobile = $"1360013{n}", unit, volunteerIds });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    internal static async Task<string> PersonAsync(HttpClient admin, string name)
    {
        var created = await admin.PostAsJsonAsync("/api/people", new { name, phone = $"1370013{Unique()}", role = "staff" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> PlanAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/api/visitplans", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<JsonObject> TasksAsync(HttpClient client, string planId, string extra = "") =>
        await (await client.GetAsync($"/api/visitplans/tasks?planId={planId}{extra}")).JsonAsync();

    private static string? StateOf(JsonObject tasks, string retireeId, string period) =>
        tasks["items"]!.AsArray().FirstOrDefault(t => t!["retireeId"]!.GetValue<string>() == retireeId && t["periodKey"]!.GetValue<string>() == period)?["state"]!.GetValue<string>();

    [Fact]
    public async Task A_monthly_plan_has_due_and_overdue_tasks_and_done_logs_a_real_visit_once()
    {
        var admin = await App.AdminAsync();
        var unit = "plan-" + Unique();
        var leader = await PersonAsync(admin, "王处长");
        var (a, b, outside) = (await RetireeAsync(admin, unit), await RetireeAsync(admin, unit), await RetireeAsync(admin, unit + "-other"));
        var plan = await PlanAsync(admin, new { name = "处领导每月走访", visitorIds = new[] { leader }, filter = new { unit }, frequency = "monthly", startsOn = "2026-10-01" });
        var id = plan["id"]!.GetValue<string>();
        Assert.Equal("王处长", plan["visitors"]![0]!["name"]!.GetValue<string>());
        // A visited in October (however logged: here on the retiree's page), B not.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/retirees/{a}/visits", new { date = "2026-10-15", kind = "hospital" })).StatusCode);

        var tasks = await TasksAsync(admin, id);
        Assert.Equal("2026-11-22", tasks["on"]!.GetValue<string>());
        Assert.Equal("due", StateOf(tasks, a, "2026-11"));
        Assert.Null(StateOf(tasks, a, "2026-10"));
        Assert.Equal("due", StateOf(tasks, b, "2026-11"));
        Assert.Equal("overdue", StateOf(tasks, b, "2026-10"));
        Assert.DoesNotContain(tasks["items"]!.AsArray(), t => t!["retireeId"]!.GetValue<string>() == outside);
        Assert.Equal((1, 2, 0), (tasks["overdue"]!.GetValue<int>(), tasks["due"]!.GetValue<int>(), tasks["done"]!.GetValue<int>()));
        Assert.Equal("overdue", tasks["items"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("2026-10-31", tasks["items"]![0]!["to"]!.GetValue<string>());

        // Done from the task list: a real home visit by the plan's visitors, in the retiree's visits.
        var done = await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{b}/done", new { note = "身体好" });
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var visits = await (await admin.GetAsync($"/api/retirees/{b}/visits")).JsonArrayAsync();
        var visit = Assert.Single(visits)!;
        Assert.Equal(("2026-11-22", "home", "王处长", "身体好"), (visit["date"]!.GetValue<string>(), visit["kind"]!.GetValue<string>(), visit["visitors"]!.GetValue<string>(), visit["note"]!.GetValue<string>()));
        Assert.Equal(leader, visit["visitorIds"]![0]!.GetValue<string>());
        // A double tap logs nothing twice.
        var again = await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{b}/done", new { });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("alreadyDone", (await again.JsonAsync())["result"]!.GetValue<string>());
        Assert.Single(await (await admin.GetAsync($"/api/retirees/{b}/visits")).JsonArrayAsync());
        // The overdue October visit, made late but on a day of October.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{b}/done", new { date = "2026-10-30" })).StatusCode);
        // A visited in November from a festival batch: done too.
        var batch = await admin.PostAsJsonAsync("/api/visits/batch", new { requestId = "plan-batch-" + Unique(), date = "2026-11-21", kind = "festival", visitorIds = new[] { leader }, retireeIds = new[] { a } });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

        tasks = await TasksAsync(admin, id);
        Assert.Equal(("done", "done", (string?)null), (StateOf(tasks, a, "2026-11"), StateOf(tasks, b, "2026-11"), StateOf(tasks, b, "2026-10")));
        Assert.Equal((0, 0, 2), (tasks["overdue"]!.GetValue<int>(), tasks["due"]!.GetValue<int>(), tasks["done"]!.GetValue<int>()));
        Assert.Empty((await TasksAsync(admin, id, "&state=due"))["items"]!.AsArray());
        // Per visitor: the leader's plans only.
        Assert.Equal(2, (await TasksAsync(admin, id, $"&visitorId={leader}"))["items"]!.AsArray().Count);
        Assert.Empty((await TasksAsync(admin, id, "&visitorId=p-nobody"))["items"]!.AsArray());

        var audit = await (await admin.GetAsync("/api/audit")).JsonArrayAsync();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "visitplan.create" && e["detail"]!.GetValue<string>().Contains(id));
    }

    [Fact]
    public async Task A_plan_that_counts_festival_visits_ignores_other_kinds_and_its_windows_are_its_periods()
    {
        var admin = await App.AdminAsync();
        var unit = "fest-" + Unique();
        var leader = await PersonAsync(admin, "李书记");
        var r = await RetireeAsync(admin, unit);
        var plan = await PlanAsync(admin, new
        {
            name = "节日慰问", visitorIds = new[] { leader }, filter = new { unit }, frequency = "festivals", kinds = new[] { "festival" }, startsOn = "2026-01-01",
            festivals = new[] { new { name = "重阳节", from = "2026-10-10", to = "2026-10-25" }, new { name = "冬至", from = "2026-11-15", to = "2026-12-05" } },
        });
        var id = plan["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/retirees/{r}/visits", new { date = "2026-11-20", kind = "home" })).StatusCode);
        var tasks = await TasksAsync(admin, id);
        var current = tasks["items"]!.AsArray().Single(t => t!["state"]!.GetValue<string>() == "due")!;
        Assert.Equal(("冬至", "2026-12-05"), (current["festival"]!.GetValue<string>(), current["to"]!.GetValue<string>()));
        Assert.Equal("overdue", tasks["items"]!.AsArray().Single(t => t!["festival"]!.GetValue<string>() == "重阳节")!["state"]!.GetValue<string>());

        var wrongKind = await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{r}/done", new { kind = "home" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.True((await wrongKind.ErrorsAsync()).ContainsKey("kind"));
        var between = await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{r}/done", new { date = "2026-11-01" });
        Assert.True((await between.ErrorsAsync()).ContainsKey("date"), "a day between the windows does no task");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{r}/done", new { })).StatusCode);
        Assert.Equal("festival", (await (await admin.GetAsync($"/api/retirees/{r}/visits")).JsonArrayAsync())[0]!["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "visitorIds": ["$P"], "filter": {}, "frequency": "monthly" }""", "name")]
    [InlineData("""{ "name": "x", "visitorIds": [], "filter": {}, "frequency": "monthly" }""", "visitorIds")]
    [InlineData("""{ "name": "x", "visitorIds": ["p-nobody"], "filter": {}, "frequency": "monthly" }""", "visitorIds[0]")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P", "$P"], "filter": {}, "frequency": "monthly" }""", "visitorIds[1]")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "frequency": "monthly" }""", "filter")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "segmentId": "s-nothing", "frequency": "monthly" }""", "segmentId")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {} }""", "frequency")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "weekly" }""", "frequency")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "festivals" }""", "festivals")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "monthly", "festivals": [{ "name": "春节", "from": "2027-02-01", "to": "2027-02-10" }] }""", "festivals")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "festivals", "festivals": [{ "name": "春节", "from": "2027-02-10", "to": "2027-02-01" }] }""", "festivals[0].to")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "festivals", "festivals": [{ "name": "", "from": "2027-02-01", "to": "2027-02-10" }] }""", "festivals[0].name")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "festivals", "festivals": [{ "name": "a", "from": "2027-02-01", "to": "2027-02-10" }, { "name": "b", "from": "2027-02-05", "to": "2027-02-20" }] }""", "festivals[1].from")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "monthly", "startsOn": "2026-11-01", "endsOn": "2026-10-01" }""", "endsOn")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "monthly", "kinds": ["banquet"] }""", "kinds")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": { "q": "王" }, "frequency": "monthly" }""", "filter.q")]
    [InlineData("""{ "name": "x", "visitorIds": ["$P"], "filter": {}, "frequency": "monthly", "colour": "red" }""", "colour")]
    public async Task Bad_plans_are_field_errors_and_store_nothing(string json, string field)
    {
        var admin = await App.AdminAsync();
        var person = await PersonAsync(admin, "坏计划");
        var before = (await (await admin.GetAsync("/api/visitplans")).JsonArrayAsync()).Count;
        var response = await admin.PostJsonAsync("/api/visitplans", json.Replace("$P", person));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.True(errors.Any(e => e.Key.StartsWith(field, StringComparison.OrdinalIgnoreCase)), $"expected an error on {field}: {errors.ToJsonString()}");
        Assert.Equal(before, (await (await admin.GetAsync("/api/visitplans")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task Bad_query_and_bad_done_bodies_are_field_errors_and_log_nothing()
    {
        var admin = await App.AdminAsync();
        var unit = "badq-" + Unique();
        var r = await RetireeAsync(admin, unit);
        var id = (await PlanAsync(admin, new { name = "季度", visitorIds = new[] { await PersonAsync(admin, "季度") }, filter = new { unit }, frequency = "quarterly", startsOn = "2026-07-01" }))["id"]!.GetValue<string>();
        foreach (var (q, field) in new[] { ("on=2026-13-01", "on"), ("state=late", "state"), ("max=0", "max") })
        {
            var response = await admin.GetAsync($"/api/visitplans/tasks?{q}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), q);
        }
        foreach (var (body, field) in new[] { ("""{ "date": "2026-11-23" }""", "date"), ("""{ "date": "2026-06-30" }""", "date"), ("""{ "kind": "banquet" }""", "kind"), ("""{ "when": "now" }""", "when") })
        {
            var response = await admin.PostJsonAsync($"/api/visitplans/{id}/tasks/{r}/done", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), body);
        }
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{r}/visits")).JsonArrayAsync());
        // Q3 is the last quarter ended: overdue; Q4 due.
        var tasks = await TasksAsync(admin, id);
        Assert.Equal(("overdue", "due"), (StateOf(tasks, r, "2026-Q3"), StateOf(tasks, r, "2026-Q4")));
    }

    [Fact]
    public async Task A_volunteer_sees_and_does_only_their_paired_retirees_tasks()
    {
        var admin = await App.AdminAsync();
        var (volunteer, me) = await App.SignInAsAsync("volunteer");
        var (_, other) = await App.CreateAccountAsync("volunteer");
        var unit = "vol-" + Unique();
        var mine = await RetireeAsync(admin, unit, me!);
        var theirs = await RetireeAsync(admin, unit, other!);
        var id = (await PlanAsync(admin, new { name = "一帮一", visitorIds = new[] { me }, filter = new { unit }, frequency = "monthly", startsOn = "2026-11-01" }))["id"]!.GetValue<string>();

        var tasks = await TasksAsync(volunteer, id);
        Assert.Equal([mine], tasks["items"]!.AsArray().Select(t => t!["retireeId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{theirs}/done", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/visitplans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PostAsJsonAsync("/api/visitplans", new { })).StatusCode);
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{theirs}/visits")).JsonArrayAsync());

        var done = await volunteer.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{mine}/done", new { kind = "phone" });
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var visit = (await (await admin.GetAsync($"/api/retirees/{mine}/visits")).JsonArrayAsync()).Single()!;
        Assert.Equal(me, visit["visitorIds"]![0]!.GetValue<string>());
        Assert.Equal("phone", visit["kind"]!.GetValue<string>());
        // A retiree outside the plan's segment is no task of it, for staff too.
        var outside = await RetireeAsync(admin, unit + "-x");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/visitplans/{id}/tasks/{outside}/done", new { })).StatusCode);
    }

    [Fact]
    public async Task Changing_a_plan_needs_the_current_ETag()
    {
        var admin = await App.AdminAsync();
        var person = await PersonAsync(admin, "改计划");
        var created = await admin.PostAsJsonAsync("/api/visitplans", new { name = "每年", visitorIds = new[] { person }, filter = new { }, frequency = "yearly" });
        var etag = created.Headers.ETag!.Tag;
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();
        var body = new { name = "每半年", visitorIds = new[] { person }, filter = new { tier = "high" }, frequency = "halfYearly", endsOn = "2027-12-31" };

        Assert.Equal((HttpStatusCode)428, (await admin.PutAsJsonAsync($"/api/visitplans/{id}", body)).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/visitplans/{id}") { Content = JsonContent.Create(body) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        var changed = await admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = await changed.JsonAsync();
        Assert.Equal(("每半年", "halfYearly", "high"), (view["name"]!.GetValue<string>(), view["frequency"]!.GetValue<string>(), view["filter"]!["tier"]!.GetValue<string>()));
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/visitplans/{id}") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/visitplans/vp000000000000")).StatusCode);
        Assert.Equal("每半年", (await (await admin.GetAsync($"/api/visitplans/{id}")).JsonAsync())["name"]!.GetValue<string>());
    }
}
