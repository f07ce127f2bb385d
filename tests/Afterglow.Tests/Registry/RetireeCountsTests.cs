using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

/// <summary>The reports' head counts in one request (GET /api/retirees/counts) say what the list's filters say.</summary>
public class RetireeCountsTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Every_count_is_the_lists_total_for_that_value_and_follows_a_change()
    {
        var admin = await App.AdminAsync();
        // The clock is 2026-11-22: one active retiree in each age band, one in hospital.
        string[] born = ["1960-01-01", "1950-01-01", "1944-01-01", "1939-01-01", "1930-01-01"];
        var ids = new List<string>();
        foreach (var (date, i) in born.Select((d, i) => (d, i)))
            ids.Add(await CreateAsync(admin, new { name = $"计数{i}", birthDate = date, mobile = $"1391234{i:D4}", living = i % 2 == 0 ? "alone" : "withSpouse" }));
        await CreateAsync(admin, new { name = "住院者", birthDate = "1945-05-05", mobile = "13912349999", status = "hospitalised" });

        var counts = await CountsAsync(admin);
        Assert.Equal(["under70", "from70", "from80", "from85", "from90"], Keys(counts["activeByAgeBand"]!));
        Assert.All(Keys(counts["activeByAgeBand"]!), band => Assert.Equal(1, counts["activeByAgeBand"]![band]!.GetValue<int>()));
        Assert.Equal(["active", "hospitalised", "away", "deceased", "archived"], Keys(counts["byStatus"]!));
        Assert.Equal([5, 1, 0, 0, 0], Keys(counts["byStatus"]!).Select(s => counts["byStatus"]![s]!.GetValue<int>()));
        Assert.Equal(5, Keys(counts["activeByTier"]!).Sum(t => counts["activeByTier"]![t]!.GetValue<int>()));
        await AgreesWithTheListAsync(admin, counts);

        // Archived: out of the active counts, into the archived one.
        (await admin.PostAsJsonAsync($"/api/retirees/{ids[4]}/archive", new { reason = "迁出" })).EnsureSuccessStatusCode();
        var after = await CountsAsync(admin);
        Assert.Equal(0, after["activeByAgeBand"]!["from90"]!.GetValue<int>());
        Assert.Equal(4, after["byStatus"]!["active"]!.GetValue<int>());
        Assert.Equal(1, after["byStatus"]!["archived"]!.GetValue<int>());
        await AgreesWithTheListAsync(admin, after);
    }

    [Fact]
    public async Task Only_staff_may_count()
    {
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/retirees/counts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync("/api/retirees/counts")).StatusCode);
    }

    private static async Task AgreesWithTheListAsync(HttpClient admin, JsonObject counts)
    {
        foreach (var (group, filter, also) in new[] { ("activeByAgeBand", "ageBand", "&status=active"), ("activeByTier", "tier", "&status=active"), ("byStatus", "status", "") })
            foreach (var value in Keys(counts[group]!))
            {
                var list = await (await admin.GetAsync($"/api/retirees?{filter}={value}{also}&pageSize=1")).JsonAsync();
                Assert.True(list["total"]!.GetValue<int>() == counts[group]![value]!.GetValue<int>(), $"{group}.{value}: the list says {list["total"]}");
            }
    }

    private static async Task<string> CreateAsync(HttpClient admin, object retiree)
    {
        var response = await admin.PostAsJsonAsync("/api/retirees", retiree);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> CountsAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/retirees/counts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static List<string> Keys(JsonNode o) => o.AsObject().Select(p => p.Key).ToList();
}
