using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Groups;

/// <summary>
/// Groups, classes and branches at the HTTP boundary on Azurite: a branch's members and its year of meetings against
/// what it must hold, a class's places under concurrent enrolment, bad input by field, and who sees what.
/// </summary>
public class GroupsApiTests(AppFactory app) : AppTests(app)
{
    private static int _phones = Random.Shared.Next(0, 5_000_000);

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private static async Task<string> RetireeAsync(HttpClient admin, string name, string unit, string[]? volunteerIds = null)
    {
        var response = await admin.PostAsJsonAsync("/api/retirees", new
        {
            name, birthDate = "1945-05-01", mobile = $"137{40_000_000 + Interlocked.Increment(ref _phones):D8}", unit, volunteerIds = volunteerIds ?? [],
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> CreatedAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static Dictionary<string, (int Required, int Held)> Checklist(JsonNode year) =>
        year["checklist"]!.AsArray().ToDictionary(l => l!["kind"]!.GetValue<string>(), l => (l!["required"]!.GetValue<int>(), l["held"]!.GetValue<int>()));

    [Fact]
    public async Task A_branch_keeps_its_members_and_a_year_of_meetings_against_what_it_must_hold()
    {
        var admin = await App.AdminAsync();
        var unit = "支部测试" + Guid.NewGuid().ToString("N")[..6];
        var secretary = await RetireeAsync(admin, "王书记", unit);
        var member = await RetireeAsync(admin, "李党员", unit);
        var absent = await RetireeAsync(admin, "赵党员", unit);

        // The required meetings default to 4 organisation, 3 committee, 2 lectures, 1 review (DOMAIN item 11).
        var branch = await CreatedAsync(admin, "/api/groups", new { name = "第一党支部" + unit[^6..], type = "branch" });
        var id = branch["id"]!.GetValue<string>();
        Assert.Equal(10, branch["meetingsRequired"]!.GetValue<int>());
        foreach (var (r, as_) in new[] { (secretary, "leader"), (member, "member"), (absent, "member") })
            await CreatedAsync(admin, $"/api/groups/{id}/members", new { retireeId = r, role = as_ });
        // Adding someone again changes nothing.
        var again = await admin.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = member, role = "leader" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("member", (await again.JsonAsync())["role"]!.GetValue<string>());
        var members = await (await admin.GetAsync($"/api/groups/{id}/members")).JsonArrayAsync();
        // The leader first, then the others by name.
        Assert.Equal(("王书记", "leader"), (members[0]!["name"]!.GetValue<string>(), members[0]!["role"]!.GetValue<string>()));
        Assert.Equal(new HashSet<string> { "李党员", "赵党员" }, members.Skip(1).Select(m => m!["name"]!.GetValue<string>()).ToHashSet());
        Assert.Equal(3, members.Count);

        // Two organisation meetings and a lecture held; a fifth lecture would not make up for the missing review.
        var day = Today;
        await CreatedAsync(admin, $"/api/groups/{id}/meetings", new { date = day.AddDays(-20).ToString("yyyy-MM-dd"), kind = "organisation", topic = "学习二十大精神", attendeeIds = new[] { secretary, member } });
        await CreatedAsync(admin, $"/api/groups/{id}/meetings", new { date = day.AddDays(-5).ToString("yyyy-MM-dd"), kind = "organisation", topic = "发展党员", attendeeIds = new[] { secretary, member, member } });
        var lecture = await CreatedAsync(admin, $"/api/groups/{id}/meetings", new { date = day.ToString("yyyy-MM-dd"), kind = "lecture", topic = "党史党课", attendeeIds = new[] { secretary } });
        Assert.Equal(1, lecture["attended"]!.GetValue<int>());
        for (var i = 0; i < 2; i++)
            await CreatedAsync(admin, $"/api/groups/{id}/meetings", new { date = day.ToString("yyyy-MM-dd"), kind = "lecture", topic = $"加课{i}", attendeeIds = Array.Empty<string>() });

        var year = await (await admin.GetAsync($"/api/groups/{id}/meetings?year={day.Year}")).JsonAsync();
        var lines = Checklist(year);
        Assert.Equal((4, 2), lines["organisation"]);
        Assert.Equal((3, 0), lines["committee"]);
        Assert.Equal((2, 3), lines["lecture"]);
        Assert.Equal((1, 0), lines["review"]);
        Assert.Equal(4, year["heldTowardsRequired"]!.GetValue<int>()); // 2 + min(3, 2)
        Assert.Equal(5, year["meetings"]!.AsArray().Count);
        // The same attendee twice is once.
        Assert.Equal(2, year["meetings"]![1]!["attended"]!.GetValue<int>());
        // Last year has nothing recorded.
        Assert.Empty((await (await admin.GetAsync($"/api/groups/{id}/meetings?year={day.Year - 1}")).JsonAsync())["meetings"]!.AsArray());

        // A meeting recorded by mistake is deleted; the checklist follows.
        var extra = (await (await admin.GetAsync($"/api/groups/{id}/meetings")).JsonAsync())["meetings"]!.AsArray().Last(m => m!["topic"]!.GetValue<string>() == "加课1")!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/groups/{id}/meetings/{extra}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/groups/{id}/meetings/{extra}")).StatusCode);
        Assert.Equal((2, 2), Checklist(await (await admin.GetAsync($"/api/groups/{id}/meetings")).JsonAsync())["lecture"]);

        // The branch's own settings: 6 organisation meetings, no review.
        var edited = await admin.PutAsJsonAsync($"/api/groups/{id}", new { name = "第一党支部（改）", required = new { organisation = 6, committee = 3, lecture = 2, review = 0 } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var view = await edited.JsonAsync();
        Assert.Equal(11, view["meetingsRequired"]!.GetValue<int>());
        Assert.DoesNotContain(view["checklist"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "review");
        Assert.Equal(3, view["members"]!.GetValue<int>());

        // The list (and Reports) carry the year's numbers.
        var listed = (await (await admin.GetAsync("/api/groups")).JsonArrayAsync()).Single(g => g!["id"]!.GetValue<string>() == id)!;
        Assert.Equal((3, 4, 11, 4), (listed["members"]!.GetValue<int>(), listed["meetingsHeld"]!.GetValue<int>(), listed["meetingsRequired"]!.GetValue<int>(), listed["heldTowardsRequired"]!.GetValue<int>()));

        // On the retiree's page: their groups, their role, the meetings they came to.
        var mine = Assert.Single(await (await admin.GetAsync($"/api/retirees/{member}/groups")).JsonArrayAsync())!;
        Assert.Equal(("第一党支部（改）", "member", 2), (mine["name"]!.GetValue<string>(), mine["role"]!.GetValue<string>(), mine["attendedThisYear"]!.GetValue<int>()));
        Assert.Equal(day.AddDays(-5).ToString("yyyy-MM-dd"), mine["lastAttended"]!.GetValue<string>());

        // Leaving: off the list, off their page, counted out; the record of what they came to stays.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/groups/{id}/members/{member}")).StatusCode);
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{member}/groups")).JsonArrayAsync());
        Assert.Equal(2, (await (await admin.GetAsync($"/api/groups/{id}")).JsonAsync())["members"]!.GetValue<int>());
        Assert.Equal(2, (await (await admin.GetAsync($"/api/groups/{id}/meetings")).JsonAsync())["meetings"]![1]!["attended"]!.GetValue<int>());
        // And the leader can be made a member.
        var demoted = await admin.PutAsJsonAsync($"/api/groups/{id}/members/{secretary}", new { role = "member" });
        Assert.Equal("member", (await demoted.JsonAsync())["role"]!.GetValue<string>());

        var audit = (await (await admin.GetAsync("/api/audit")).JsonArrayAsync()).Select(e => e!["action"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "group.create", "group.addMember", "group.meeting", "group.deleteMeeting", "group.update", "group.removeMember", "group.memberRole" }, audit);
    }

    [Fact]
    public async Task A_full_class_refuses_the_next_enrolment_and_two_at_once_cannot_both_take_the_last_place()
    {
        var admin = await App.AdminAsync();
        var unit = "班级测试" + Guid.NewGuid().ToString("N")[..6];
        var people = new List<string>();
        for (var i = 0; i < 6; i++) people.Add(await RetireeAsync(admin, $"学员{i}", unit));
        var cls = await CreatedAsync(admin, "/api/groups", new { name = "书法班" + unit[^6..], type = "class", term = "2026年秋季", termStart = "2026-09-01", termEnd = "2027-01-15", capacity = 2 });
        var id = cls["id"]!.GetValue<string>();
        await CreatedAsync(admin, $"/api/groups/{id}/members", new { retireeId = people[0] });

        // Five ask for the one place left at the same moment: exactly one gets it.
        var answers = await Task.WhenAll(people.Skip(1).Select(p => admin.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = p })));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var problem = await answers.First(a => a.StatusCode == HttpStatusCode.Conflict).JsonAsync();
        Assert.Equal("The class is full.", problem["title"]!.GetValue<string>());
        var view = await (await admin.GetAsync($"/api/groups/{id}")).JsonAsync();
        Assert.Equal((2, true), (view["members"]!.GetValue<int>(), view["full"]!.GetValue<bool>()));
        Assert.Equal(2, (await (await admin.GetAsync($"/api/groups/{id}/members")).JsonArrayAsync()).Count);
        Assert.All(await (await admin.GetAsync($"/api/groups/{id}/members")).JsonArrayAsync(), m => Assert.Equal("2026年秋季", m!["term"]!.GetValue<string>()));

        // Fewer places than enrolled is refused; more places let the next one in.
        var shrink = await admin.PutAsJsonAsync($"/api/groups/{id}", new { name = "书法班", term = "2026年秋季", capacity = 1 });
        Assert.Equal("capacity", Assert.Single((await shrink.JsonAsync())["errors"]!.AsObject()).Key);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/groups/{id}", new { name = "书法班", term = "2026年秋季", capacity = 3 })).StatusCode);
        var waiting = people.Skip(1).First(p => answers[people.IndexOf(p) - 1].StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = waiting })).StatusCode);
        // A class holds activities (its sessions), not branch meetings.
        var kind = await admin.PostAsJsonAsync($"/api/groups/{id}/meetings", new { date = Today.ToString("yyyy-MM-dd"), kind = "lecture", topic = "第一课" });
        Assert.Equal("kind", Assert.Single((await kind.JsonAsync())["errors"]!.AsObject()).Key);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/groups/{id}/meetings", new { date = Today.ToString("yyyy-MM-dd"), kind = "activity", topic = "第一课", attendeeIds = new[] { people[0] } })).StatusCode);
    }

    [Theory]
    [InlineData("""{ "type": "branch" }""", "name")]
    [InlineData("""{ "name": "x" }""", "type")]
    [InlineData("""{ "name": "x", "type": "club" }""", "type")]
    [InlineData("""{ "name": "x", "type": "branch", "required": { "organisation": 40 } }""", "required.organisation")]
    [InlineData("""{ "name": "x", "type": "interest", "required": { "lecture": 2 } }""", "required")]
    [InlineData("""{ "name": "x", "type": "class", "term": "2026秋", "capacity": 0 }""", "capacity")]
    [InlineData("""{ "name": "x", "type": "class", "capacity": 20 }""", "term")]
    [InlineData("""{ "name": "x", "type": "class", "term": "2026秋", "capacity": 20, "termStart": "2026-09-01", "termEnd": "2026-08-01" }""", "termEnd")]
    [InlineData("""{ "name": "x", "type": "interest", "capacity": 20 }""", "capacity")]
    [InlineData("""{ "name": "x", "type": "branch", "colour": "red" }""", "colour")]
    public async Task A_bad_group_is_refused_by_the_field_and_nothing_is_made(string body, string field)
    {
        var admin = await App.AdminAsync();
        var before = (await (await admin.GetAsync("/api/groups")).JsonArrayAsync()).Count;
        var response = await admin.PostAsync("/api/groups", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync())["errors"]!.AsObject().ContainsKey(field), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await (await admin.GetAsync("/api/groups")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task Bad_members_and_meetings_are_refused_by_the_field_and_nothing_is_recorded()
    {
        var admin = await App.AdminAsync();
        var unit = "坏输入" + Guid.NewGuid().ToString("N")[..6];
        var inside = await RetireeAsync(admin, "组员", unit);
        var outside = await RetireeAsync(admin, "外人", unit);
        var id = (await CreatedAsync(admin, "/api/groups", new { name = "合唱团" + unit, type = "interest" }))["id"]!.GetValue<string>();
        await CreatedAsync(admin, $"/api/groups/{id}/members", new { retireeId = inside });

        async Task RefusedAsync(string url, object body, string field)
        {
            var response = await admin.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync())["errors"]!.AsObject().ContainsKey(field), await response.Content.ReadAsStringAsync());
        }
        await RefusedAsync($"/api/groups/{id}/members", new { retireeId = "nobody-here" }, "retireeId");
        await RefusedAsync($"/api/groups/{id}/members", new { }, "retireeId");
        await RefusedAsync($"/api/groups/{id}/meetings", new { date = Today.AddDays(1).ToString("yyyy-MM-dd"), kind = "activity", topic = "明天的" }, "date");
        await RefusedAsync($"/api/groups/{id}/meetings", new { date = Today.ToString("yyyy-MM-dd"), kind = "activity", topic = "" }, "topic");
        await RefusedAsync($"/api/groups/{id}/meetings", new { date = Today.ToString("yyyy-MM-dd"), topic = "排练" }, "kind");
        await RefusedAsync($"/api/groups/{id}/meetings", new { date = Today.ToString("yyyy-MM-dd"), kind = "activity", topic = "排练", attendeeIds = new[] { inside, outside } }, "attendeeIds");
        var role = await admin.PutAsJsonAsync($"/api/groups/{id}/members/{inside}", new { role = "boss" });
        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        var type = await admin.PutAsJsonAsync($"/api/groups/{id}", new { name = "合唱团", type = "branch" });
        Assert.Equal("type", Assert.Single((await type.JsonAsync())["errors"]!.AsObject()).Key);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/groups?year=1800")).StatusCode);

        // A deceased retiree cannot join.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/retirees/{outside}/death", new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "family" })).StatusCode);
        await RefusedAsync($"/api/groups/{id}/members", new { retireeId = outside }, "retireeId");

        Assert.Empty((await (await admin.GetAsync($"/api/groups/{id}/meetings")).JsonAsync())["meetings"]!.AsArray());
        Assert.Single(await (await admin.GetAsync($"/api/groups/{id}/members")).JsonArrayAsync());
    }

    [Fact]
    public async Task A_volunteer_sees_a_paired_retirees_groups_and_nothing_else_of_groups()
    {
        var admin = await App.AdminAsync();
        var (volunteer, personId) = await App.SignInAsAsync(Roles.Volunteer);
        var unit = "志愿者看" + Guid.NewGuid().ToString("N")[..6];
        var paired = await RetireeAsync(admin, "结对老人", unit, [personId!]);
        var other = await RetireeAsync(admin, "别人的老人", unit);
        var id = (await CreatedAsync(admin, "/api/groups", new { name = "太极拳队" + unit, type = "interest" }))["id"]!.GetValue<string>();
        foreach (var r in new[] { paired, other }) await CreatedAsync(admin, $"/api/groups/{id}/members", new { retireeId = r });

        var mine = await volunteer.GetAsync($"/api/retirees/{paired}/groups");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("太极拳队" + unit, Assert.Single(await mine.JsonArrayAsync())!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetAsync($"/api/retirees/{other}/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/groups/{id}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = paired })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PostAsJsonAsync("/api/segments/count", new { filter = new { groupId = id } })).StatusCode);

        // A volunteer's registry list filtered by the group shows only their own.
        var list = await (await volunteer.GetAsync($"/api/retirees?groupId={id}")).JsonAsync();
        Assert.Equal([paired], list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var staffList = await (await admin.GetAsync($"/api/retirees?groupId={id}")).JsonAsync();
        Assert.Equal(2, staffList["total"]!.GetValue<int>());
        // A mass check-in (台风) of the group reaches its two members, nobody else.
        var mass = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "台风", filter = new { groupId = id }, windowMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, mass.StatusCode);
        Assert.Equal(2, (await mass.JsonAsync())["mass"]!["count"]!.GetValue<int>());
    }
}
