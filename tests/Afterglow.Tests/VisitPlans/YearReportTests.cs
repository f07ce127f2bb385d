using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Reports;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Unit;

namespace Afterglow.Tests.VisitPlans;

/// <summary>
/// The yearly report upward on Azurite, in an app of its own (so the office holds only what these tests made).
/// The office's day is 2026-11-22.
/// </summary>
public class YearReportTests(AppFactory app) : AppTests(app)
{
    private static long Line(JsonObject report, string section, string key) =>
        report["sections"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == section)!["lines"]!.AsArray()
            .Single(l => l!["key"]!.GetValue<string>() == key)!["count"]!.GetValue<long>();

    private async Task<string> RetireeAsync(HttpClient admin, string name, string born, string mobile, string type = "retired")
    {
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name, birthDate = born, mobile, retirementType = type });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_year_counts_head_counts_visits_events_and_deaths_and_exports_in_the_offices_language()
    {
        var admin = await App.AdminAsync();
        var r1 = await RetireeAsync(admin, "甲", "1940-01-01", "13500135001");
        var r2 = await RetireeAsync(admin, "乙", "1950-06-01", "13500135002", "veteran");
        var r3 = await RetireeAsync(admin, "丙", "1930-03-01", "13500135003");
        async Task<string> Visit(string r, string date, string kind)
        {
            var response = await admin.PostAsJsonAsync($"/api/retirees/{r}/visits", new { date, kind });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync())["id"]!.GetValue<string>();
        }
        await Visit(r1, "2026-02-03", "home");
        await Visit(r2, "2026-11-20", "home");
        await Visit(r1, "2026-10-11", "festival");
        await Visit(r2, "2025-12-30", "home");
        var mistaken = await Visit(r1, "2026-05-05", "hospital");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/retirees/{r1}/visits/{mistaken}")).StatusCode);
        Assert.True((await admin.PostAsJsonAsync($"/api/retirees/{r3}/death", new { diedOn = "2026-03-10", learnedFrom = "family" })).IsSuccessStatusCode);
        Assert.True((await admin.PostAsJsonAsync("/api/events", new { title = "年度体检", kind = "checkup", date = "2026-11-30", time = "08:30", place = "校医院", capacity = 50, filter = new { } })).IsSuccessStatusCode);

        var report = await (await admin.GetAsync("/api/reports/year?year=2026")).JsonAsync();
        Assert.Equal(("2026-11-22", 2), (report["asOf"]!.GetValue<string>(), report["inCare"]!.GetValue<int>()));
        Assert.Equal((1, 1, 0, 2), (Line(report, "yearReport.headcount.ageBand", "ageBand.from85"), Line(report, "yearReport.headcount.ageBand", "ageBand.from70"),
            Line(report, "yearReport.headcount.ageBand", "ageBand.from90"), Line(report, "yearReport.headcount.ageBand", "yearReport.total")));
        Assert.Equal((1, 1), (Line(report, "yearReport.headcount.retirementType", "retirementType.veteran"), Line(report, "yearReport.headcount.retirementType", "retirementType.retired")));
        Assert.Equal(2, Line(report, "yearReport.headcount.tier", "yearReport.total"));
        Assert.Equal((2, 1, 3), (Line(report, "yearReport.visits", "visitKind.home"), Line(report, "yearReport.visits", "visitKind.festival"), Line(report, "yearReport.visits", "yearReport.total")));
        Assert.Equal((1, 1, 0), (Line(report, "yearReport.visitsByMonth", "2026-02"), Line(report, "yearReport.visitsByMonth", "2026-11"), Line(report, "yearReport.visitsByMonth", "2026-05")));
        Assert.Equal((1, 1), (Line(report, "yearReport.deaths", "2026-03"), Line(report, "yearReport.deaths", "yearReport.total")));
        Assert.Equal(1, Line(report, "yearReport.events", "eventKind.checkup"));
        // Every line the report can show is worded for the dashboard and the export alike.
        var words = WebStrings.Table("zh.ts");
        foreach (var s in report["sections"]!.AsArray())
            foreach (var key in s!["lines"]!.AsArray().Select(l => l!["key"]!.GetValue<string>()).Prepend(s["key"]!.GetValue<string>()).Where(k => !char.IsAsciiDigit(k[0])))
                Assert.True(words.ContainsKey(key) && ReportWords.Find(key) is not null, $"{key} has no words");

        // Last year: the one who died in 2026 was still in care at its end; one visit.
        var last = await (await admin.GetAsync("/api/reports/year?year=2025")).JsonAsync();
        Assert.Equal(("2025-12-31", 3, 1L), (last["asOf"]!.GetValue<string>(), last["inCare"]!.GetValue<int>(), Line(last, "yearReport.visits", "yearReport.total")));
        Assert.Equal(1, Line(last, "yearReport.headcount.ageBand", "ageBand.from90"));

        var zh = await admin.GetAsync("/api/reports/year/export?year=2026&format=csv");
        Assert.Equal("text/csv", zh.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await zh.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("项目,分类,数量,短信条数（计费）\r\n", text);
        Assert.Contains("走访慰问（按类型）,家访,2,\r\n", text);
        Assert.Contains("去世（按月）,2026-03,1,\r\n", text);
        var en = Encoding.UTF8.GetString(await (await admin.GetAsync("/api/reports/year/export?year=2026&format=csv&language=en")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Visits by kind,Home visit,2,\r\n", en);
        var xlsx = await admin.GetAsync("/api/reports/year/export?year=2026");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
        var audit = await (await admin.GetAsync("/api/audit")).JsonArrayAsync();
        Assert.Equal(3, audit.Count(e => e!["action"]!.GetValue<string>() == "report.export"));
    }

    [Theory]
    [InlineData("/api/reports/year?year=1999", "year")]
    [InlineData("/api/reports/year?year=2027", "year")]
    [InlineData("/api/reports/year?year=two", "year")]
    [InlineData("/api/reports/year/export?year=2026&format=pdf", "format")]
    [InlineData("/api/reports/year/export?year=2026&language=fr", "language")]
    public async Task Bad_queries_are_field_errors(string url, string field)
    {
        var response = await (await App.AdminAsync()).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field));
    }

    [Fact]
    public void The_exports_words_are_the_dashboards()
    {
        foreach (var (file, zh) in new[] { ("en.ts", false), ("zh.ts", true) })
        {
            var table = WebStrings.Table(file);
            var differ = ReportWords.Keys.Where(k => !table.TryGetValue(k, out var w) || w != ReportWords.Of(k, zh)).ToList();
            Assert.True(differ.Count == 0, $"{file} words these differently: {string.Join(", ", differ)}");
        }
    }

    [Fact]
    public void Every_state_the_report_counts_is_worded()
    {
        string Key<T>(string prefix, T v) where T : struct, Enum => $"{prefix}.{ReportKinds.State(v)}";
        var keys = Enum.GetValues<Afterglow.App.Visits.VisitKind>().Select(v => Key("visitKind", v))
            .Concat(Enum.GetValues<Afterglow.App.Sms.SmsPurpose>().Select(v => Key("purpose", v)))
            .Concat(Enum.GetValues<Afterglow.Domain.CheckIns.IncidentKind>().Select(v => Key("kind", v)))
            .Concat(Enum.GetValues<Afterglow.Domain.CheckIns.IncidentOutcome>().Select(v => Key("outcome", v)))
            .Concat(Enum.GetValues<Afterglow.App.CheckIns.CheckInStatus>().Select(v => Key("checkInStatus", v)))
            .Concat(Enum.GetValues<Afterglow.App.Events.EventKind>().Select(v => Key("eventKind", v)))
            .Concat(Enum.GetValues<Afterglow.Domain.Registry.RiskTier>().Select(v => Key("tier", v)));
        Assert.DoesNotContain(keys, k => ReportWords.Find(k) is null);
    }
}
