using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.People;

public class PeopleApiTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Coordinators_keep_liaisons_and_their_areas()
    {
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var created = await coordinator.PostAsJsonAsync("/api/people", new { name = "联络员老周", phone = "139 0000 8888", role = "liaison", areas = new[] { "east-1" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var person = await created.JsonAsync();
        Assert.Equal("+8613900008888", person["phone"]!.GetValue<string>());
        var id = person["id"]!.GetValue<string>();

        var area = await coordinator.PutAsJsonAsync("/api/areas/east-1", new { name = "东区一网格", liaisonIds = new[] { id } });
        Assert.Equal(HttpStatusCode.OK, area.StatusCode);
        var areas = await (await coordinator.GetAsync("/api/areas")).JsonArrayAsync();
        Assert.Contains(areas, a => a!["id"]!.GetValue<string>() == "east-1" && a["liaisonIds"]![0]!.GetValue<string>() == id);

        var update = await coordinator.PutAsJsonAsync($"/api/people/{id}", new { name = "联络员老周", phone = "13900008889", role = "liaison", active = false });
        Assert.False((await update.JsonAsync())["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bad_people_and_areas_name_the_field()
    {
        var admin = await App.AdminAsync();
        var badPhone = await admin.PostAsJsonAsync("/api/people", new { name = "甲", phone = "12", role = "volunteer" });
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.True((await badPhone.ErrorsAsync()).ContainsKey("phone"));

        var badRole = await admin.PostJsonAsync("/api/people", """{"name":"甲","phone":"13900001111","role":"wizard"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await badRole.ErrorsAsync()).ContainsKey("role"));

        var badLiaison = await admin.PutAsJsonAsync("/api/areas/west", new { name = "西区", liaisonIds = new[] { "pnobody" } });
        Assert.True((await badLiaison.ErrorsAsync()).ContainsKey("liaisonIds[0]"));
        Assert.DoesNotContain(await (await admin.GetAsync("/api/areas")).JsonArrayAsync(), a => a!["id"]!.GetValue<string>() == "west");
    }
}
