using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Auth;

public class VolunteerScopeTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_volunteer_sees_only_paired_retirees_and_another_volunteers_retiree_is_404()
    {
        var admin = await App.AdminAsync();
        var (alice, aliceId) = await App.SignInAsAsync("volunteer");
        var (bob, bobId) = await App.SignInAsAsync("volunteer");
        var hers = await (await admin.PostAsJsonAsync("/api/retirees", new { name = "甲老师", birthDate = "1940-01-01", mobile = "13800138100", volunteerIds = new[] { aliceId } })).JsonAsync();
        var his = await (await admin.PostAsJsonAsync("/api/retirees", new { name = "乙老师", birthDate = "1940-01-01", mobile = "13800138101", volunteerIds = new[] { bobId } })).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/retirees/{hers["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/retirees/{his["id"]}")).StatusCode);
        var list = await (await alice.GetAsync("/api/retirees")).JsonAsync();
        Assert.Equal(["甲老师"], list["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));

        // Volunteers read; they do not edit the registry.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/api/retirees", new { name = "丙", birthDate = "1940-01-01", mobile = "13800138102" })).StatusCode);
    }

    [Fact]
    public async Task Pairing_with_someone_who_is_not_a_volunteer_is_a_field_error()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/retirees", new { name = "丁", birthDate = "1940-01-01", mobile = "13800138103", volunteerIds = new[] { "pnobody" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("volunteerIds[0]"));
    }
}
