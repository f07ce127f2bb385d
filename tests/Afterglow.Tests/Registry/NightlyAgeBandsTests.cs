using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

public class NightlyAgeBandsTests(AppFactory app) : AppTests(app)
{
    private const string Envelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"NightlyAgeBands","UtcNow":"2026-11-22T16:05:00Z","RandGuid":"x"}}}
        """;

    [Fact]
    public async Task A_retiree_turning_85_moves_band_and_tier_once_with_the_reason_recorded()
    {
        var admin = await App.AdminAsync();
        // Turns 85 tomorrow (office time), lives with a spouse: elevated at 84, high at 85.
        var tomorrow = DateOnly.FromDateTime(App.Clock.GetUtcNow().AddHours(8).Date).AddDays(1);
        var created = await (await admin.PostAsJsonAsync("/api/retirees", new { name = "生日", birthDate = tomorrow.AddYears(-85).ToString("yyyy-MM-dd"), mobile = "13800138300" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("from80", created["ageBand"]!.GetValue<string>());
        Assert.Equal("elevated", created["tier"]!.GetValue<string>());

        var first = await App.Anonymous().PostJsonAsync("/NightlyAgeBands", Envelope);
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        Assert.Contains("Moved 0", (await first.JsonAsync())["Logs"]![0]!.GetValue<string>());

        App.Clock.Advance(TimeSpan.FromDays(1));
        var moved = await App.Anonymous().PostJsonAsync("/NightlyAgeBands", Envelope);
        Assert.Contains("Moved 1", (await moved.JsonAsync())["Logs"]![0]!.GetValue<string>());
        admin = await App.AdminAsync(); // a day later the old session has expired
        var now = await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync();
        Assert.Equal("from85", now["ageBand"]!.GetValue<string>());
        Assert.Equal("high", now["tier"]!.GetValue<string>());

        // Idempotent: a second run (the host may retry or run late) changes nothing.
        var again = await App.Anonymous().PostJsonAsync("/NightlyAgeBands", Envelope);
        Assert.Contains("Moved 0", (await again.JsonAsync())["Logs"]![0]!.GetValue<string>());

        var trail = await (await admin.GetAsync($"/api/audit?retireeId={id}&date={App.Clock.GetUtcNow():yyyy-MM-dd}")).JsonArrayAsync();
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>().StartsWith("retiree.ageBand") && e["actor"]!.GetValue<string>() == "system");
    }
}
