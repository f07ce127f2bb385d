using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Bereavement;

/// <summary>
/// A death recorded anywhere a coordinator records one starts the same checklist as the bereavement form: the status
/// set on the record's edit form, an incident resolved as "deceased". Editing a record that was already deceased does not.
/// </summary>
public class DeathElsewhereTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Setting_the_status_to_deceased_on_the_edit_form_starts_the_case_once_and_tells_the_volunteer()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("表单去世", spouse: true);
        Assert.Null((await w.PageAsync(id))["case"]);

        Assert.Equal(HttpStatusCode.OK, (await EditAsync(id, p => { p["status"] = "deceased"; p["deceasedOn"] = "2026-11-20"; })).StatusCode);
        var c = (await w.PageAsync(id))["case"]!;
        Assert.Equal("2026-11-20", c["diedOn"]!.GetValue<string>());
        Assert.Equal(["condolenceVisit", "funeralAllowance", "pensionPayment", "survivorAid"], c["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()));
        Assert.Equal("长子", c["nextOfKin"]!["name"]!.GetValue<string>());
        Assert.NotNull(await w.SmsToAsync(id, w.Volunteer));
        var before = c.ToJsonString();

        // Fixing the address of a deceased record later changes nothing in the case.
        Assert.Equal(HttpStatusCode.OK, (await EditAsync(id, p => p["address"] = "西区1栋")).StatusCode);
        Assert.Equal(before, (await w.PageAsync(id))["case"]!.ToJsonString());
    }

    [Fact]
    public async Task An_incident_resolved_as_deceased_starts_the_case_with_the_incident_and_its_note()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("预警去世");
        var admin = await App.AdminAsync();
        var mobile = (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!["mobile"]!.GetValue<string>();
        Assert.True(await App.Services.GetRequiredService<CareReplies>().HandleAsync(mobile, "救命", CancellationToken.None));
        var incident = Assert.Single(await (await admin.GetAsync($"/api/incidents?status=open&retireeId={id}")).JsonArrayAsync())!;

        var resolved = await admin.PostAsJsonAsync($"/api/incidents/{incident["id"]}/resolve", new { outcome = "deceased", note = "邻居开门后发现，120确认" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var c = (await w.PageAsync(id))["case"]!;
        Assert.Contains(incident["code"]!.GetValue<string>(), c["learnedNote"]!.GetValue<string>());
        Assert.Contains("120确认", c["learnedNote"]!.GetValue<string>());
        Assert.Equal(3, c["items"]!.AsArray().Count);
        Assert.NotNull(await w.SmsToAsync(id, w.Volunteer));
        Assert.NotNull(await w.SmsToAsync(id, w.Liaison));
    }

    private async Task<HttpResponseMessage> EditAsync(string id, Action<JsonObject> change)
    {
        var admin = await App.AdminAsync();
        var read = await admin.GetAsync($"/api/retirees/{id}");
        var profile = (await read.JsonAsync())["profile"]!.AsObject();
        change(profile);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{id}") { Content = JsonContent.Create(profile) };
        put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        return await admin.SendAsync(put);
    }
}
