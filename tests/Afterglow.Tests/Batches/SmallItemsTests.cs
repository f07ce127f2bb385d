using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Batches;

/// <summary>Issue 14's smaller items: masked ID numbers, co-volunteers by name, people sorted by name.</summary>
public class SmallItemsTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Volunteers_see_the_id_number_masked()
    {
        var admin = await App.AdminAsync();
        var (volunteer, personId) = await App.SignInAsAsync("volunteer");
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name = "掩码老人", birthDate = "1945-01-01", mobile = CareWorld.NewPhone(), idNumber = "110105194501010022", volunteerIds = new[] { personId } });
        created.EnsureSuccessStatusCode();
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();
        var seen = await (await volunteer.GetAsync($"/api/retirees/{id}")).JsonAsync();
        Assert.Equal("110105********0022", seen["profile"]!["idNumber"]!.GetValue<string>());
        var staff = await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync();
        Assert.Equal("110105194501010022", staff["profile"]!["idNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_volunteer_sees_a_co_volunteer_by_name_and_phone_primary_first()
    {
        var admin = await App.AdminAsync();
        var (volunteer, personId) = await App.SignInAsAsync("volunteer");
        var phone = CareWorld.NewPhone();
        var co = (await (await admin.PostAsJsonAsync("/api/people", new { name = "同组志愿者", phone, role = "volunteer" })).JsonAsync())["id"]!.GetValue<string>();
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name = "两人结对", birthDate = "1945-01-01", mobile = CareWorld.NewPhone(), volunteerIds = new[] { co, personId } });
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/people")).StatusCode);
        var seen = (await (await volunteer.GetAsync($"/api/retirees/{id}")).JsonAsync())["volunteers"]!.AsArray();
        Assert.Equal([co, personId], seen.Select(v => v!["id"]!.GetValue<string>()));
        Assert.Equal(("同组志愿者", phone), (seen[0]!["name"]!.GetValue<string>(), seen[0]!["phone"]!.GetValue<string>()));
    }

    [Fact]
    public async Task People_are_listed_active_first_then_by_name_in_pinyin_order()
    {
        var admin = await App.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { "张", "阿", "李" })
            (await admin.PostAsJsonAsync("/api/people", new { name = name + tag, phone = CareWorld.NewPhone(), role = "staff" })).EnsureSuccessStatusCode();
        var inactive = await admin.PostAsJsonAsync("/api/people", new { name = "安" + tag, phone = CareWorld.NewPhone(), role = "staff", active = false });
        inactive.EnsureSuccessStatusCode();
        var names = (await (await admin.GetAsync("/api/people")).JsonArrayAsync()).Select(p => p!["name"]!.GetValue<string>()).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(["阿" + tag, "李" + tag, "张" + tag, "安" + tag], names);
    }
}
