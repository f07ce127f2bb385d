using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Subsidies;

/// <summary>
/// Subsidies at the HTTP boundary under the default rules: the year's eligible list and a month's starts and stops
/// from real records, hardship levels set with a reason (on the retiree's history), exports for finance, the rules
/// under If-Match. The registry is shared with other tests, so lists are read for this test's retirees.
/// </summary>
public class SubsidiesApiTests(AppFactory app) : AppTests(app)
{
    private static int _phones;

    private async Task<string> RetireeAsync(HttpClient admin, string name, string birthDate, object? extra = null)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(new { name, birthDate, mobile = $"136{30_000_000 + Interlocked.Increment(ref _phones):D8}", unit = "补贴测试" })!.AsObject();
        if (extra is not null) foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject()) body[k] = v?.DeepClone();
        var response = await admin.PostAsJsonAsync("/api/retirees", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject?> RowAsync(HttpClient client, string url, string id, string list = "rows") =>
        (await (await client.GetAsync(url)).JsonAsync())[list]!.AsArray().Select(r => r!.AsObject()).FirstOrDefault(r => r["retireeId"]!.GetValue<string>() == id);

    [Fact]
    public async Task The_year_list_pays_each_month_at_its_band_to_the_month_of_death_and_hardship_from_its_month()
    {
        var admin = await App.AdminAsync();
        var crosses = await RetireeAsync(admin, "跨档老人", "1936-03-10");                // 85+ Jan–Feb, 90+ from March
        var turns = await RetireeAsync(admin, "新满八五", "1941-12-05");                  // 85 in December
        var young = await RetireeAsync(admin, "困难老人", "1950-06-06");                  // no band; hardship 1 from September
        var died = await RetireeAsync(admin, "已故老人", "1930-06-01", new { status = "deceased", deceasedOn = "2026-04-20" });
        var none = await RetireeAsync(admin, "年轻老人", "1952-01-01");
        var set = await admin.PutAsJsonAsync($"/api/retirees/{young}/hardship", new { level = 1, reason = "低保户，配偶重病", from = "2026-09" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        const string year = "/api/subsidies/year?year=2026";
        var a = (await RowAsync(admin, year, crosses))!;
        Assert.Equal((90, 12, "1100"), (a["bandFromAge"]!.GetValue<int>(), a["longevityMonths"]!.GetValue<int>(), a["longevity"]!.GetValue<decimal>().ToString("0")));
        var b = (await RowAsync(admin, year, turns))!;
        Assert.Equal((85, 1, 50m), (b["bandFromAge"]!.GetValue<int>(), b["longevityMonths"]!.GetValue<int>(), b["longevity"]!.GetValue<decimal>()));
        var c = (await RowAsync(admin, year, young))!;
        Assert.Equal((1, 4, 1_000m, 1_000m), (c["hardshipLevel"]!.GetValue<int>(), c["hardshipMonths"]!.GetValue<int>(), c["hardship"]!.GetValue<decimal>(), c["total"]!.GetValue<decimal>()));
        var d = (await RowAsync(admin, year, died))!;
        Assert.Equal((95, 4, 800m), (d["bandFromAge"]!.GetValue<int>(), d["longevityMonths"]!.GetValue<int>(), d["longevity"]!.GetValue<decimal>()));
        Assert.Null(await RowAsync(admin, year, none));
        // Next year the dead are not listed, and the totals are the rows' sums.
        Assert.Null(await RowAsync(admin, "/api/subsidies/year?year=2027", died));
        var all = await (await admin.GetAsync(year)).JsonAsync();
        Assert.Equal(all["rows"]!.AsArray().Sum(r => r!["total"]!.GetValue<decimal>()), all["total"]!.GetValue<decimal>());
        Assert.Equal(all["rows"]!.AsArray().Count, all["people"]!.GetValue<int>());
        // The totals alone (the Reports page): the same totals, bands and levels, no rows; anything but true or false is refused.
        var totals = await (await admin.GetAsync(year + "&rows=false")).JsonAsync();
        Assert.Empty(totals["rows"]!.AsArray());
        foreach (var field in new[] { "people", "longevity", "hardship", "total", "bands", "levels" })
            Assert.Equal(all[field]!.ToJsonString(), totals[field]!.ToJsonString());
        Assert.Equal(all.ToJsonString(), (await (await admin.GetAsync(year + "&rows=true")).JsonAsync()).ToJsonString());
        Assert.True((await (await admin.GetAsync(year + "&rows=no")).ErrorsAsync()).ContainsKey("rows"));

        // Months: who starts, who stops.
        Assert.Equal("starts", (await RowAsync(admin, "/api/subsidies/month?month=2026-12", turns, "changes"))!["kind"]!.GetValue<string>());
        Assert.Null(await RowAsync(admin, "/api/subsidies/month?month=2026-12", crosses, "changes"));
        var stop = (await RowAsync(admin, "/api/subsidies/month?month=2026-05", died, "changes"))!;
        Assert.Equal(("stops", 200m, 0m), (stop["kind"]!.GetValue<string>(), stop["monthlyBefore"]!.GetValue<decimal>(), stop["monthlyNow"]!.GetValue<decimal>()));
        Assert.Equal("changes", (await RowAsync(admin, "/api/subsidies/month?month=2026-03", crosses, "changes"))!["kind"]!.GetValue<string>());
        Assert.Equal("starts", (await RowAsync(admin, "/api/subsidies/month?month=2026-09", young, "changes"))!["kind"]!.GetValue<string>());

        // For finance, in Chinese: the year's file and the month's changes.
        var file = await (await admin.GetAsync("/api/subsidies/export?list=year&year=2026&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFF姓名,单位,出生日期,年末年龄,高龄补贴档次", file);
        Assert.Contains(file.Split("\r\n"), l => l.StartsWith("跨档老人,补贴测试,1936-03-10,90,90岁以上,12,1100.00,", StringComparison.Ordinal));
        Assert.Contains(file.Split("\r\n"), l => l.StartsWith("已故老人,", StringComparison.Ordinal) && l.EndsWith("2026-04-20 去世", StringComparison.Ordinal));
        var month = await (await admin.GetAsync("/api/subsidies/export?list=month&month=2026-05&format=csv&language=en")).Content.ReadAsStringAsync();
        Assert.Contains(month.Split("\r\n"), l => l.StartsWith("stops,已故老人,", StringComparison.Ordinal));
        var audit = await (await admin.GetAsync("/api/audit")).JsonArrayAsync();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "subsidy.export");
    }

    [Theory]
    [InlineData("""{ "level": 4, "reason": "低保", "from": "2026-09" }""", "level")]
    [InlineData("""{ "reason": "低保", "from": "2026-09" }""", "level")]
    [InlineData("""{ "level": 2, "reason": " ", "from": "2026-09" }""", "reason")]
    [InlineData("""{ "level": 2, "reason": "低保", "from": "2026-13" }""", "from")]
    [InlineData("""{ "level": 2, "reason": "低保", "from": "2024-01" }""", "from")]
    [InlineData("""{ "level": 2, "reason": "低保", "from": "26-9" }""", "from")]
    public async Task A_bad_hardship_level_is_a_field_error_and_changes_nothing(string json, string field)
    {
        var admin = await App.AdminAsync();
        var id = await RetireeAsync(admin, "校验老人", "1950-01-01");
        var response = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{id}/hardship") { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), await response.Content.ReadAsStringAsync());
        Assert.Empty((await (await admin.GetAsync($"/api/retirees/{id}/subsidy")).JsonAsync())["hardship"]!.AsArray());
    }

    [Fact]
    public async Task A_hardship_level_is_on_the_retirees_history_once_however_often_it_is_sent()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync(Afterglow.App.Auth.Roles.Coordinator);
        var id = await RetireeAsync(admin, "历史老人", "1950-01-01");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/retirees/{id}/hardship", new { level = 2, reason = "重病", from = "2026-11" })).StatusCode);
        var view = await (await admin.GetAsync($"/api/retirees/{id}/subsidy")).JsonAsync();
        Assert.Single(view["hardship"]!.AsArray());
        Assert.Equal(2, view["now"]!["hardshipLevel"]!.GetValue<int>());
        Assert.Equal(Math.Round(2_000m / 12 * 2, 2), view["yearHardship"]!.GetValue<decimal>()); // November and December
        var changes = await (await admin.GetAsync($"/api/retirees/{id}/changes")).JsonArrayAsync();
        var line = Assert.Single(changes, c => c!["action"]!.GetValue<string>() == "subsidy.hardship");
        Assert.Equal("hardshipLevel: 0 → 2 from 2026-11 (重病)", line!["detail"]!.GetValue<string>());

        // Ended from January: the history says so, and next year pays nothing.
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/retirees/{id}/hardship", new { level = 0, reason = "脱困", from = "2027-01" })).StatusCode);
        Assert.Null(await RowAsync(admin, "/api/subsidies/year?year=2027", id));
        Assert.Equal(2, (await (await admin.GetAsync($"/api/retirees/{id}/changes")).JsonArrayAsync()).Count(c => c!["action"]!.GetValue<string>() == "subsidy.hardship"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/retirees/r-none/hardship", new { level = 1, reason = "x", from = "2026-11" })).StatusCode);
    }

    [Fact]
    public async Task The_rules_change_under_If_Match_with_field_errors_and_the_audit_says_what()
    {
        var admin = await App.AdminAsync();
        var read = await admin.GetAsync("/api/subsidies/rules");
        var etag = read.Headers.ETag!.ToString();
        async Task<HttpResponseMessage> PutAsync(object body, string? match)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, "/api/subsidies/rules") { Content = JsonContent.Create(body) };
            if (match is not null) request.Headers.TryAddWithoutValidation("If-Match", match);
            return await admin.SendAsync(request);
        }
        var rules = new { longevity = new[] { new { fromAge = 80, yearlyAmount = 360m }, new { fromAge = 90, yearlyAmount = 1_200m } }, hardship = new[] { new { level = 1, yearlyAmount = 3_000m }, new { level = 2, yearlyAmount = 2_000m }, new { level = 3, yearlyAmount = 1_000m } } };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PutAsync(rules, null)).StatusCode);
        var bad = await PutAsync(new { longevity = new[] { new { fromAge = 90, yearlyAmount = 1m }, new { fromAge = 80, yearlyAmount = 1m } }, rules.hardship }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ErrorsAsync()).ContainsKey("longevity[1].fromAge"));
        try
        {
            var saved = await PutAsync(rules, etag);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(rules, etag)).StatusCode);
            Assert.Equal(360m, (await (await admin.GetAsync("/api/subsidies/rules")).JsonAsync())["longevity"]![0]!["yearlyAmount"]!.GetValue<decimal>());
            var audit = await (await admin.GetAsync("/api/audit")).JsonArrayAsync();
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "subsidy.rules" && e["detail"]!.GetValue<string>().Contains("80+ 360.00", StringComparison.Ordinal));
            etag = saved.Headers.ETag!.ToString();
        }
        finally
        {
            // Back to the defaults, so the other tests read the amounts they expect.
            var current = (await admin.GetAsync("/api/subsidies/rules")).Headers.ETag!.ToString();
            await PutAsync(new Afterglow.Domain.Subsidies.SubsidyRules(), current);
        }
    }
}
