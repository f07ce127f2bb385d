using System.Net;
using System.Net.Http.Json;
using System.Text;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

/// <summary>GET /api/retirees/{id}/changes: every change to one record, for the timeline on the retiree's page.</summary>
public class ChangeHistoryTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Every_change_is_listed_newest_first_with_who_and_what_and_reads_are_not()
    {
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var created = await coordinator.PostAsJsonAsync("/api/retirees", new { name = "周德明", birthDate = "1941-05-06", mobile = "13800138200" });
        var body = await created.JsonAsync();
        var id = body["id"]!.GetValue<string>();
        var url = $"/api/retirees/{id}";

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { name = "周德明", birthDate = "1941-05-06", mobile = "13800138200", city = "襄阳" }) };
        put.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendAsync(put)).StatusCode);
        await coordinator.GetAsync(url);

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync(url + "/archive", new { reason = "迁往外地" })).StatusCode);

        var changes = await (await coordinator.GetAsync(url + "/changes")).JsonArrayAsync();
        var actions = changes.Select(c => c!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["retiree.archive: 迁往外地", "retiree.update", "retiree.create"], actions);
        Assert.Contains("city", changes[1]!["detail"]!.GetValue<string>());
        Assert.Contains("襄阳", changes[1]!["detail"]!.GetValue<string>());
        Assert.All(changes, c => Assert.NotEqual(AppFactory.AdminEmail, c!["actor"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.Parse(changes[0]!["at"]!.GetValue<string>()) > DateTimeOffset.Parse(changes[2]!["at"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reading_the_history_is_audited_and_an_unknown_retiree_is_404()
    {
        var admin = await App.AdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/retirees", new { name = "吴", birthDate = "1940-01-01", mobile = "13800138201" })).JsonAsync())["id"]!.GetValue<string>();
        Assert.Single(await (await admin.GetAsync($"/api/retirees/{id}/changes")).JsonArrayAsync());

        var trail = await (await admin.GetAsync($"/api/audit?retireeId={id}&date={App.Clock.GetUtcNow():yyyy-MM-dd}")).JsonArrayAsync();
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>() == "retiree.read" && e["detail"]!.GetValue<string>() == "Viewed the change history");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/retirees/rNOPE/changes")).StatusCode);
    }

    [Fact]
    public async Task A_paired_volunteer_may_read_the_record_but_not_its_change_history()
    {
        var admin = await App.AdminAsync();
        var (volunteer, volunteerId) = await App.SignInAsAsync("volunteer");
        var id = (await (await admin.PostAsJsonAsync("/api/retirees", new { name = "郑", birthDate = "1940-01-01", mobile = "13800138202", volunteerIds = new[] { volunteerId } })).JsonAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await volunteer.GetAsync($"/api/retirees/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/retirees/{id}/changes")).StatusCode);
    }

    [Fact]
    public async Task Imported_rows_start_with_an_empty_history_and_their_later_edits_are_kept()
    {
        var admin = await App.AdminAsync();
        var csv = "name,birthDate,mobile\n冯秀兰,1938-02-03,13800138203\n";
        var report = await (await admin.PostAsync("/api/retirees/import?dryRun=false", new StringContent(csv, Encoding.UTF8, "text/csv"))).JsonAsync();
        Assert.Equal(1, report["imported"]!.GetValue<int>());
        var id = (await (await admin.GetAsync("/api/retirees?q=冯秀兰")).JsonAsync())["items"]![0]!["id"]!.GetValue<string>();
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{id}/changes")).JsonArrayAsync());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/retirees/{id}/archive", new { reason = "重复登记" })).StatusCode);
        Assert.Single(await (await admin.GetAsync($"/api/retirees/{id}/changes")).JsonArrayAsync());
    }
}
