using System.Net.Http.Json;
using System.Text;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Afterglow.Tests.Auth;

/// <summary>
/// The access matrix again, with real records instead of placeholder ids, for every method of every route with
/// an id in its path: a volunteer's own paired retiree (and that retiree's incident, check-in, visit, attachment,
/// inbox item) and another volunteer's; office records (people, broadcasts, segments, accounts) for staff-only
/// routes. Someone else's record must answer a volunteer exactly as a record that does not exist; a staff-only
/// route stays 403 to a volunteer even for their own retiree; whoever may call a route reaches the real record
/// (not 404, not 403); nothing is a 5xx. Writes and deletes get records made fresh for each caller.
/// </summary>
public class RealRecordsMatrixTests(AppFactory app, ITestOutputHelper output) : AppTests(app)
{
    /// <summary>Parameters that are not a record's id: the provider's secret is the credential itself, checked by SmsAccess.</summary>
    private static readonly string[] NotRecords = ["{secret}", "{**path}"];

    [Fact]
    public async Task Every_route_with_an_id_with_a_volunteers_own_record_and_anothers()
    {
        var admin = await App.AdminAsync();
        var (volunteer, mineId) = await App.SignInAsAsync(Roles.Volunteer);
        var (_, othersId) = await App.CreateAccountAsync(Roles.Volunteer);
        var coordinator = (await App.SignInAsAsync(Roles.Coordinator)).Client;
        var anonymous = App.Anonymous();
        // A mass check-in of its own retiree, so the others' check-ins and replies are not part of it.
        (await admin.PostAsJsonAsync("/api/retirees", new { name = "群发老人", birthDate = "1944-03-01", mobile = "13800136601", unit = "matrix-mass" })).EnsureSuccessStatusCode();
        var massResponse = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "演练", filter = new { unit = "matrix-mass" }, windowMinutes = 60 });
        var mass = (await massResponse.JsonAsync())["mass"]!["id"]!.GetValue<string>();

        RealRecords Mine() => new(App, admin, mineId!, mass);
        RealRecords Others() => new(App, admin, othersId!, mass);
        var (sharedMine, sharedOthers) = (Mine(), Others());

        var wrong = new List<string>();
        var routes = AccessMatrixTests.All().Where(r => r.Route.Contains('{') && !NotRecords.Any(r.Route.Contains)).ToList();
        foreach (var rule in routes)
        {
            var reads = rule.Method == "GET";
            async Task<int> StatusAsync(HttpClient client, RealRecords records)
            {
                var url = await UrlAsync(rule.Route, records);
                if (url is null) { wrong.Add($"{rule.Method} {rule.Route}: a parameter with no real record"); return 0; }
                var request = new HttpRequestMessage(new HttpMethod(rule.Method), url);
                if (rule.Method is not ("GET" or "DELETE")) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var status = (int)(await client.SendAsync(request)).StatusCode;
                if (status >= 500) wrong.Add($"{rule.Method} {url}: {status}");
                return status;
            }
            void Reaches(string who, int status, int expected)
            {
                if (expected == 403 && status != 403) wrong.Add($"{rule.Method} {rule.Route}: {who} got {status}, expected 403");
                if (expected != 403 && status is 401 or 403 or 404) wrong.Add($"{rule.Method} {rule.Route}: {who} cannot reach a real record ({status})");
            }

            var anon = await StatusAsync(anonymous, sharedMine);
            if (anon != rule.Anonymous) wrong.Add($"{rule.Method} {rule.Route}: anonymous got {anon}, expected {rule.Anonymous}");
            var vOthers = await StatusAsync(volunteer, reads ? sharedOthers : Others());
            if (vOthers != rule.Volunteer) wrong.Add($"{rule.Method} {rule.Route}: volunteer with another's record got {vOthers}, a missing one gets {rule.Volunteer}");
            Reaches("volunteer with own record", await StatusAsync(volunteer, reads ? sharedMine : Mine()), rule.Volunteer);
            Reaches("coordinator", await StatusAsync(coordinator, reads ? sharedOthers : Others()), rule.Coordinator);
            Reaches("admin", await StatusAsync(admin, reads ? sharedMine : Mine()), rule.Admin);
        }
        output.WriteLine($"Real-records matrix: {routes.Count} routes with an id, 5 callers each; {wrong.Count} wrong.");
        Assert.True(routes.Count >= 40, $"only {routes.Count} routes with an id");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<string?> UrlAsync(string route, RealRecords records)
    {
        var parts = new List<string>();
        foreach (var segment in route.Trim('/').Split('/'))
        {
            if (!segment.StartsWith('{')) { parts.Add(segment); continue; }
            if (records.For(route, segment) is not { } value) return null;
            parts.Add(Uri.EscapeDataString(await value));
        }
        return "/" + string.Join('/', parts) + (route.EndsWith('/') ? "/" : "");
    }
}
