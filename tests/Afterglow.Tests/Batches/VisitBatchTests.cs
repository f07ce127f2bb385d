using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Afterglow.Tests.Batches;

/// <summary>POST /api/visits/batch: one festival visit for many retirees, visitors chosen from People. The office's today is 2026-11-22.</summary>
public class VisitBatchTests(AppFactory app, ITestOutputHelper output) : AppTests(app)
{
    private static int _n;

    private static async Task<string> PersonAsync(HttpClient admin, string name, string role)
    {
        var n = Interlocked.Increment(ref _n);
        var r = await admin.PostAsJsonAsync("/api/people", new { name = $"{name}{n}", phone = CareWorld.NewPhone(), role });
        r.EnsureSuccessStatusCode();
        return (await r.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<string> RetireeAsync(HttpClient admin)
    {
        var n = Interlocked.Increment(ref _n);
        var r = await admin.PostAsJsonAsync("/api/retirees", new { name = $"慰问批{n}", birthDate = "1938-05-01", mobile = CareWorld.NewPhone() });
        r.EnsureSuccessStatusCode();
        return (await r.JsonAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task One_visit_is_logged_for_many_retirees_with_visitors_from_people_and_a_retry_logs_nothing_twice()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var chief = await PersonAsync(admin, "王处长", "staff");
        var helper = await PersonAsync(admin, "李志愿", "volunteer");
        var ids = new[] { await RetireeAsync(admin), await RetireeAsync(admin), await RetireeAsync(admin) };
        var body = new { requestId = Guid.NewGuid().ToString("N"), date = "2026-10-11", kind = "festival", visitorIds = new[] { chief, helper }, visitors = "社区刘书记", note = "重阳节慰问", amount = 300m, retireeIds = ids };

        var festivalsBefore = await FestivalVisitsCountedAsync(admin, "2026-10-11");
        var response = await coordinator.PostAsJsonAsync("/api/visits/batch", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        Assert.Equal((3, 0), (result["logged"]!.GetValue<int>(), result["alreadyLogged"]!.GetValue<int>()));

        var visits = await (await admin.GetAsync($"/api/retirees/{ids[1]}/visits")).JsonArrayAsync();
        var visit = Assert.Single(visits)!;
        Assert.Equal([chief, helper], visit["visitorIds"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Matches("^王处长[0-9]+、李志愿[0-9]+、社区刘书记$", visit["visitors"]!.GetValue<string>());
        Assert.Equal(("2026-10-11", "festival", 300m), (visit["date"]!.GetValue<string>(), visit["kind"]!.GetValue<string>(), visit["amount"]!.GetValue<decimal>()));

        // Retried (the answer was lost): the same visits, nothing twice.
        var retry = await (await coordinator.PostAsJsonAsync("/api/visits/batch", body)).JsonAsync();
        Assert.Equal((0, 3), (retry["logged"]!.GetValue<int>(), retry["alreadyLogged"]!.GetValue<int>()));
        Assert.Equal(result["rows"]!.ToJsonString().Replace("\"logged\"", "\"alreadyLogged\""), retry["rows"]!.ToJsonString());

        // The office's period list has each once, and counts per person are possible.
        var period = await (await admin.GetAsync("/api/visits?from=2026-10-11&to=2026-10-11")).JsonAsync();
        var mine = period["items"]!.AsArray().Where(v => ids.Contains(v!["retireeId"]!.GetValue<string>())).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, v => Assert.Contains(chief, v!["visitorIds"]!.AsArray().Select(x => x!.GetValue<string>())));
        var audit = await (await admin.GetAsync($"/api/audit?retireeId={ids[0]}")).JsonArrayAsync();
        Assert.Single(audit, a => a!["action"]!.GetValue<string>() == "visit.create");
        // The reports count them as they count a visit logged alone, once each despite the retry.
        Assert.Equal(festivalsBefore + 3, await FestivalVisitsCountedAsync(admin, "2026-10-11"));
    }

    private static async Task<long> FestivalVisitsCountedAsync(HttpClient admin, string date)
    {
        var report = await (await admin.GetAsync($"/api/reports?from={date}&to={date}")).JsonAsync();
        return report["days"]!.AsArray().Where(d => d!["kind"]!.GetValue<string>() == Afterglow.App.Reports.ReportKinds.Visit && d["state"]!.GetValue<string>() == "festival")
            .Sum(d => d!["items"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_wrong_row_or_field_refuses_the_whole_batch_by_name_and_nothing_is_logged()
    {
        var admin = await App.AdminAsync();
        var visitor = await PersonAsync(admin, "走访人", "staff");
        var ok = await RetireeAsync(admin);
        object Body(string? requestId = "req-0000001", string? date = "2026-11-20", string? kind = "festival", string[]? visitorIds = null, string? visitors = null,
            decimal? amount = null, string[]? retireeIds = null) =>
            new { requestId, date, kind, visitorIds = visitorIds ?? [visitor], visitors, amount, retireeIds = retireeIds ?? [ok] };
        var cases = new (object Body, string Field)[]
        {
            (Body(retireeIds: [ok, "rnobody"]), "retireeIds[1]"),
            (Body(retireeIds: [ok, ok]), "retireeIds[1]"),
            (Body(retireeIds: []), "retireeIds"),
            (Body(visitorIds: [visitor, "pnobody"]), "visitorIds[1]"),
            (Body(visitorIds: []), "visitorIds"), // no one chosen and no name typed
            (Body(date: "2026-11-23"), "date"), // tomorrow
            (Body(kind: null), "kind"),
            (Body(amount: -5m), "amount"),
            (Body(requestId: null), "requestId"),
            (Body(visitors: new string('x', 250)), "visitors"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await admin.PostAsJsonAsync("/api/visits/batch", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = await response.ErrorsAsync();
            Assert.True(errors.ContainsKey(field), $"expected {field}: {errors.ToJsonString()}");
        }
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{ok}/visits")).JsonArrayAsync());

        // Free text alone is enough for a visitor from outside.
        var outside = await admin.PostAsJsonAsync("/api/visits/batch", Body(visitorIds: [], visitors: "区老干局"));
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
    }

    [Fact]
    public async Task Volunteers_cannot_log_a_batch()
    {
        var admin = await App.AdminAsync();
        var (volunteer, personId) = await App.SignInAsAsync("volunteer");
        var id = await RetireeAsync(admin);
        var response = await volunteer.PostAsJsonAsync("/api/visits/batch", new { requestId = "req-vol-0001", date = "2026-11-20", kind = "festival", visitorIds = new[] { personId }, retireeIds = new[] { id } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{id}/visits")).JsonArrayAsync());
    }

    /// <summary>docs/benchmarks.md: the API time of one batch of 500 (Azurite, in memory).</summary>
    [Fact]
    public async Task A_batch_of_500_is_logged_in_one_request()
    {
        var admin = await App.AdminAsync();
        var visitor = await PersonAsync(admin, "春节慰问", "staff");
        var ids = new List<string>();
        for (var i = 0; i < 500; i += 50)
        {
            var chunk = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RetireeAsync(admin)));
            ids.AddRange(chunk);
        }
        var clock = Stopwatch.StartNew();
        var response = await admin.PostAsJsonAsync("/api/visits/batch", new { requestId = Guid.NewGuid().ToString("N"), date = "2026-11-21", kind = "festival", visitorIds = new[] { visitor }, retireeIds = ids });
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(500, (await response.JsonAsync())["logged"]!.GetValue<int>());
        output.WriteLine($"500 visits in one request: {clock.ElapsedMilliseconds} ms");
        var period = await (await admin.GetAsync("/api/visits?from=2026-11-21&to=2026-11-21&max=5000")).JsonAsync();
        Assert.Equal(500, period["items"]!.AsArray().Count(v => ids.Contains(v!["retireeId"]!.GetValue<string>())));
    }
}
