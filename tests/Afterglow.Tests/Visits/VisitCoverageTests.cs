using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Visits;

/// <summary>"100 % coverage" of festival visits: its own app, so the registry holds only these retirees.</summary>
public class VisitCoverageTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Coverage_counts_retirees_in_care_visited_in_the_period_by_tier_and_lists_the_rest_highest_tier_first()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        // 96 and living alone: critical. 82 with hardship: high. Two at 66: standard. One archived.
        var critical = await RetireeAsync(admin, new { name = "甲", birthDate = "1930-03-01", mobile = "13800139001", living = "alone" });
        var high = await RetireeAsync(admin, new { name = "乙", birthDate = "1944-03-01", mobile = "13800139002", hardship = true });
        var standard1 = await RetireeAsync(admin, new { name = "丙", birthDate = "1960-03-01", mobile = "13800139003" });
        var standard2 = await RetireeAsync(admin, new { name = "丁", birthDate = "1960-03-01", mobile = "13800139004" });
        var archived = await RetireeAsync(admin, new { name = "戊", birthDate = "1950-03-01", mobile = "13800139005" });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/retirees/{archived}/archive", new { reason = "moved away" })).StatusCode);

        // Chongyang (重阳节) visits in October 2026; one the month before and a home visit do not count.
        await Log(coordinator, critical, "2026-10-18", "festival");
        await Log(coordinator, critical, "2026-10-19", "festival"); // twice is one retiree
        await Log(coordinator, standard1, "2026-10-31", "festival");
        await Log(coordinator, standard2, "2026-09-30", "festival");
        await Log(coordinator, high, "2026-10-20", "home");
        await Log(coordinator, archived, "2026-10-20", "festival");

        var report = await (await coordinator.GetAsync("/api/visits/coverage?from=2026-10-01&to=2026-10-31&kind=festival")).JsonAsync();
        Assert.Equal("festival", report["kind"]!.GetValue<string>());
        Assert.Equal(4, report["total"]!.GetValue<int>());
        Assert.Equal(2, report["visited"]!.GetValue<int>());
        Assert.Equal(4, report["visits"]!.GetValue<int>());
        Assert.Equal(
            ["standard 2/1", "elevated 0/0", "high 1/0", "critical 1/1"],
            report["byTier"]!.AsArray().Select(t => $"{t!["tier"]} {t["total"]}/{t["visited"]}"));
        Assert.Equal([high, standard2], Ids(report["notVisited"]!));
        Assert.Equal(2, report["notVisitedTotal"]!.GetValue<int>());
        Assert.False(report["truncated"]!.GetValue<bool>());
        var first = report["notVisited"]![0]!;
        Assert.Equal("乙", first["name"]!.GetValue<string>());
        Assert.Equal("high", first["tier"]!.GetValue<string>());
        Assert.Equal("+8613800139002", first["mobile"]!.GetValue<string>());

        // Any kind of visit: the home visit counts too.
        var any = await (await coordinator.GetAsync("/api/visits/coverage?from=2026-10-01&to=2026-10-31")).JsonAsync();
        Assert.Null(any["kind"]);
        Assert.Equal(3, any["visited"]!.GetValue<int>());
        Assert.Equal([standard2], Ids(any["notVisited"]!));

        // The work list is capped; the count is not.
        var capped = await (await coordinator.GetAsync("/api/visits/coverage?from=2026-10-01&to=2026-10-31&kind=festival&max=1")).JsonAsync();
        Assert.Equal([high], Ids(capped["notVisited"]!));
        Assert.Equal(2, capped["notVisitedTotal"]!.GetValue<int>());
        Assert.True(capped["truncated"]!.GetValue<bool>());
    }

    private static List<string> Ids(JsonNode list) => list.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();

    private static async Task<string> RetireeAsync(HttpClient admin, object body)
    {
        var created = await admin.PostAsJsonAsync("/api/retirees", body);
        created.EnsureSuccessStatusCode();
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task Log(HttpClient client, string retireeId, string date, string kind) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/retirees/{retireeId}/visits", new { date, kind })).StatusCode);
}
