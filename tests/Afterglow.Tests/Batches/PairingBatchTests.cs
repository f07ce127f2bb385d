using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Batches;

/// <summary>POST /api/retirees/pairings: one volunteer paired with many retirees, primary or backup.</summary>
public class PairingBatchTests(AppFactory app) : AppTests(app)
{
    private static int _n;

    private static async Task<string> VolunteerAsync(HttpClient admin, string name)
    {
        var n = Interlocked.Increment(ref _n);
        var r = await admin.PostAsJsonAsync("/api/people", new { name = $"{name}{n}", phone = CareWorld.NewPhone(), role = "volunteer" });
        r.EnsureSuccessStatusCode();
        return (await r.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<string> RetireeAsync(HttpClient admin, params string[] volunteerIds)
    {
        var n = Interlocked.Increment(ref _n);
        var r = await admin.PostAsJsonAsync("/api/retirees", new { name = $"结对批{n}", birthDate = "1940-01-01", mobile = CareWorld.NewPhone(), volunteerIds });
        r.EnsureSuccessStatusCode();
        return (await r.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<string[]> VolunteersOf(HttpClient admin, string id) =>
        (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!["volunteerIds"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

    [Fact]
    public async Task A_volunteer_is_paired_with_many_retirees_at_once_as_primary_or_backup_and_a_retry_changes_nothing()
    {
        var admin = await App.AdminAsync();
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var old = await VolunteerAsync(admin, "老志愿");
        var fresh = await VolunteerAsync(admin, "新志愿");
        var a = await RetireeAsync(admin);
        var b = await RetireeAsync(admin, old);
        var c = await RetireeAsync(admin, fresh);

        var response = await coordinator.PostAsJsonAsync("/api/retirees/pairings", new { volunteerId = fresh, role = "primary", retireeIds = new[] { a, b, c } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        Assert.Equal((2, 1), (result["paired"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>()));
        Assert.Equal(["paired", "paired", "unchanged"], result["rows"]!.AsArray().Select(r => r!["result"]!.GetValue<string>()));
        Assert.Equal([fresh], await VolunteersOf(admin, a));
        Assert.Equal([fresh, old], await VolunteersOf(admin, b)); // the former primary becomes the backup
        Assert.Equal([fresh], await VolunteersOf(admin, c));

        // The same request again (a retry): nothing to do, nothing changed.
        var again = await (await coordinator.PostAsJsonAsync("/api/retirees/pairings", new { volunteerId = fresh, role = "primary", retireeIds = new[] { a, b, c } })).JsonAsync();
        Assert.Equal(3, again["unchanged"]!.GetValue<int>());

        // Backup: second, behind the primary.
        var backup = await (await coordinator.PostAsJsonAsync("/api/retirees/pairings", new { volunteerId = old, role = "backup", retireeIds = new[] { a, c } })).JsonAsync();
        Assert.Equal(2, backup["paired"]!.GetValue<int>());
        Assert.Equal([fresh, old], await VolunteersOf(admin, a));

        // Each change is in the retiree's history, made by whoever asked.
        var changes = await (await admin.GetAsync($"/api/retirees/{a}/changes")).JsonArrayAsync();
        Assert.Equal(2, changes.Count(x => x!["action"]!.GetValue<string>() == "retiree.update" && x["actor"]!.GetValue<string>().StartsWith("coordinator", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_row_refuses_the_whole_request_naming_the_row_and_nothing_changes()
    {
        var admin = await App.AdminAsync();
        var volunteer = await VolunteerAsync(admin, "批志愿");
        var ok = await RetireeAsync(admin);
        var unpaired = await RetireeAsync(admin);

        var cases = new (object Body, string Field)[]
        {
            (new { volunteerId = volunteer, role = "primary", retireeIds = new[] { ok, "rnobody" } }, "retireeIds[1]"),
            (new { volunteerId = volunteer, role = "primary", retireeIds = new[] { ok, ok } }, "retireeIds[1]"),
            (new { volunteerId = volunteer, role = "backup", retireeIds = new[] { ok, unpaired } }, "retireeIds[0]"), // no primary yet
            (new { volunteerId = "pnobody", role = "primary", retireeIds = new[] { ok } }, "volunteerId"),
            (new { volunteerId = volunteer, retireeIds = new[] { ok } }, "role"),
            (new { volunteerId = volunteer, role = "captain", retireeIds = new[] { ok } }, "role"),
            (new { volunteerId = volunteer, role = "primary", retireeIds = Array.Empty<string>() }, "retireeIds"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await admin.PostAsJsonAsync("/api/retirees/pairings", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = await response.ErrorsAsync();
            Assert.True(errors.ContainsKey(field), $"expected {field}: {errors.ToJsonString()}");
        }
        Assert.Empty(await VolunteersOf(admin, ok));

        // A staff member is not a volunteer.
        var staff = (await (await admin.PostAsJsonAsync("/api/people", new { name = "工作人员批", phone = CareWorld.NewPhone(), role = "staff" })).JsonAsync())["id"]!.GetValue<string>();
        Assert.True((await (await admin.PostAsJsonAsync("/api/retirees/pairings", new { volunteerId = staff, role = "primary", retireeIds = new[] { ok } })).ErrorsAsync()).ContainsKey("volunteerId"));
    }

    [Fact]
    public async Task Volunteers_cannot_pair()
    {
        var admin = await App.AdminAsync();
        var (volunteer, personId) = await App.SignInAsAsync("volunteer");
        var id = await RetireeAsync(admin, personId!);
        var response = await volunteer.PostAsJsonAsync("/api/retirees/pairings", new { volunteerId = personId, role = "primary", retireeIds = new[] { id } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
