using System.Net;
using System.Net.Http.Json;
using System.Text;
using Afterglow.Domain.Events;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Events;

/// <summary>Events at the HTTP boundary: validation, edits under If-Match, answers taken by staff, attendance, exports, who sees what.</summary>
public class EventsApiTests(AppFactory app) : AppTests(app)
{
    [Theory]
    [InlineData("""{ "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 10, "filter": {} }""", "title")]
    [InlineData("""{ "title": "体检", "kind": "party", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 10, "filter": {} }""", "kind")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-11-21", "time": "08:30", "place": "校医院", "capacity": 10, "filter": {} }""", "date")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "25:00", "place": "校医院", "capacity": 10, "filter": {} }""", "time")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "", "capacity": 10, "filter": {} }""", "place")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 0, "filter": {} }""", "capacity")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 10 }""", "filter")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 10, "segmentId": "s404" }""", "segmentId")]
    [InlineData("""{ "title": "体检", "kind": "checkup", "date": "2026-12-10", "time": "08:30", "place": "校医院", "capacity": 10, "filter": {}, "fee": 5 }""", "fee")]
    public async Task Bad_input_is_a_field_error_and_nothing_is_created(string json, string field)
    {
        var admin = await App.AdminAsync();
        var before = (await (await admin.GetAsync("/api/events?year=2026")).JsonArrayAsync()).Count;
        var response = await admin.PostJsonAsync("/api/events", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"expected an error on {field}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, (await (await admin.GetAsync("/api/events?year=2026")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task An_edit_needs_the_revision_it_read_and_more_places_go_to_the_waiting_list()
    {
        var w = new EventWorld(App);
        var a = await w.RetireeAsync("改容量甲");
        var b = await w.RetireeAsync("改容量乙");
        var (id, _) = await w.InvitedEventAsync(capacity: 1);
        var admin = await App.AdminAsync();
        var read = await admin.GetAsync($"/api/events/{id}");
        var etag = read.Headers.ETag!.ToString();
        await w.ReplyAsync(a.Phone, "1");
        await w.ReplyAsync(b.Phone, "1"); // answers change the row, not the revision an edit is checked against

        var body = new { title = "健康体检（加场）", kind = "checkup", date = "2026-12-10", time = "08:30", place = "校医院", capacity = 2, filter = new { unit = w.Unit } };
        Assert.Equal((HttpStatusCode)428, (await admin.PutAsJsonAsync($"/api/events/{id}", body)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/events/{id}") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"r99\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);

        var tooFew = new HttpRequestMessage(HttpMethod.Put, $"/api/events/{id}") { Content = JsonContent.Create(body with { capacity = 0 }) };
        tooFew.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.True((await (await admin.SendAsync(tooFew)).ErrorsAsync()).ContainsKey("capacity"));

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/events/{id}") { Content = JsonContent.Create(body) };
        edit.Headers.TryAddWithoutValidation("If-Match", etag);
        var saved = await admin.SendAsync(edit);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag!.ToString());
        var e = await saved.JsonAsync();
        Assert.Equal("健康体检（加场）", e["title"]!.GetValue<string>());
        Assert.Equal((2, 0), (e["joined"]!.GetValue<int>(), e["waiting"]!.GetValue<int>()));
        Assert.Equal("joined", await w.StateOf(id, b.Id));
        Assert.Contains(await w.EventSmsAsync(id, b.Id), m => m.TemplateId == EventTemplates.PlaceFreed);

        // The same If-Match again is stale now.
        var again = new HttpRequestMessage(HttpMethod.Put, $"/api/events/{id}") { Content = JsonContent.Create(body) };
        again.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Staff_take_answers_on_the_phone_for_anyone_in_the_registry()
    {
        var w = new EventWorld(App);
        var invited = await w.RetireeAsync("电话报名");
        var (id, _) = await w.InvitedEventAsync(capacity: 1);
        var notInvited = await w.RetireeAsync("未在名单", unit: "别处" + Guid.NewGuid().ToString("N")[..6]);
        var (coordinator, _) = await App.SignInAsAsync("coordinator");

        var joined = await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = invited.Id, answer = "join" });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var joinedBody = await joined.JsonAsync();
        Assert.Equal("joined", joinedBody["state"]!.GetValue<string>());
        Assert.StartsWith("coordinator", joinedBody["answeredBy"]!.GetValue<string>());
        var full = await (await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = notInvited.Id, answer = "join" })).JsonAsync();
        Assert.Equal("waiting", full["state"]!.GetValue<string>());
        Assert.Equal(1, full["waitingPosition"]!.GetValue<int>());

        Assert.True((await (await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { answer = "join" })).ErrorsAsync()).ContainsKey("retireeId"));
        Assert.True((await (await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = "r-nobody", answer = "join" })).ErrorsAsync()).ContainsKey("retireeId"));
        Assert.True((await (await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = invited.Id })).ErrorsAsync()).ContainsKey("answer"));
        Assert.True((await (await coordinator.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = invited.Id, answer = "maybe" })).ErrorsAsync()).ContainsKey("answer"));

        // The retiree's page shows the invitation, to staff and to the paired volunteer only.
        var mine = await (await coordinator.GetAsync($"/api/retirees/{notInvited.Id}/events")).JsonArrayAsync();
        Assert.Equal("waiting", Assert.Single(mine)!["state"]!.GetValue<string>());
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetAsync($"/api/retirees/{notInvited.Id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/events/{id}/attendees")).StatusCode);
    }

    [Fact]
    public async Task A_paired_volunteer_sees_their_retirees_invitations()
    {
        var (volunteer, personId) = await App.SignInAsAsync("volunteer");
        var w = new EventWorld(App);
        var paired = await w.RetireeAsync("结对老人", new { volunteerIds = new[] { personId } });
        var (id, _) = await w.InvitedEventAsync(capacity: 3);
        var list = await (await volunteer.GetAsync($"/api/retirees/{paired.Id}/events")).JsonArrayAsync();
        Assert.Equal(id, Assert.Single(list)!["eventId"]!.GetValue<string>());
        Assert.Equal("invited", list[0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Attendance_is_taken_on_the_day_and_those_who_did_not_come_are_no_shows()
    {
        var w = new EventWorld(App);
        var came = await w.RetireeAsync("到场");
        var absent = await w.RetireeAsync("缺席");
        var (id, _) = await w.InvitedEventAsync(capacity: 5, date: "2026-11-25", time: "09:00");
        await w.ReplyAsync(came.Phone, "1");
        await w.ReplyAsync(absent.Phone, "1");
        var admin = await App.AdminAsync();
        var early = await admin.PutAsJsonAsync($"/api/events/{id}/attendees/{came.Id}/attendance", new { attended = true });
        Assert.True((await early.ErrorsAsync()).ContainsKey("attended"));

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 1, 30, 0, TimeSpan.Zero)); // 09:30 on the day
        admin = await App.AdminAsync(); // the session of three days ago has expired
        Assert.True((await (await admin.PutAsJsonAsync($"/api/events/{id}/attendees/{came.Id}/attendance", new { })).ErrorsAsync()).ContainsKey("attended"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/events/{id}/attendees/r-nobody/attendance", new { attended = true })).StatusCode);
        var marked = await admin.PutAsJsonAsync($"/api/events/{id}/attendees/{came.Id}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        await admin.PutAsJsonAsync($"/api/events/{id}/attendees/{came.Id}/attendance", new { attended = true }); // a second tap

        var list = await w.AttendeesAsync(id);
        Assert.True(list[came.Id]["attended"]!.GetValue<bool>());
        Assert.False(list[came.Id]["noShow"]!.GetValue<bool>());
        Assert.True(list[absent.Id]["noShow"]!.GetValue<bool>());
        var e = await w.GetEventAsync(id);
        Assert.Equal((1, 1), (e["attended"]!.GetValue<int>(), e["noShows"]!.GetValue<int>()));
        // Too late to answer once it has begun.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = came.Id, answer = "decline" })).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_sheet_and_the_sign_up_list_export_in_the_offices_language()
    {
        var w = new EventWorld(App);
        var a = await w.RetireeAsync("签到甲");
        var b = await w.RetireeAsync("签到乙");
        var c = await w.RetireeAsync("签到丙");
        var (id, _) = await w.InvitedEventAsync(capacity: 5);
        await w.ReplyAsync(a.Phone, "1");
        await w.ReplyAsync(b.Phone, "1");
        await w.ReplyAsync(c.Phone, "0");
        var admin = await App.AdminAsync();

        var sheet = await admin.GetAsync($"/api/events/{id}/export?list=signin&format=csv");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var lines = Encoding.UTF8.GetString(await sheet.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("序号,姓名,单位,手机,签名", lines[0]);
        Assert.Equal(3, lines.Length); // the two with a place, not the one who declined
        Assert.StartsWith("1,", lines[1]);
        Assert.StartsWith("2,", lines[2]);
        Assert.Contains(lines, l => l.Contains("签到甲"));
        Assert.DoesNotContain(lines, l => l.Contains("签到丙"));

        var en = Encoding.UTF8.GetString(await (await admin.GetAsync($"/api/events/{id}/export?list=signups&format=csv&language=en")).Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Name,Unit,Mobile,State", en.TrimStart('\uFEFF'));
        Assert.Contains("declined", en);
        var xlsx = await admin.GetAsync($"/api/events/{id}/export?list=signin");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal((byte)'P', (await xlsx.Content.ReadAsByteArrayAsync())[0]); // a zip

        Assert.True((await (await admin.GetAsync($"/api/events/{id}/export?list=everyone")).ErrorsAsync()).ContainsKey("list"));
        Assert.True((await (await admin.GetAsync($"/api/events/{id}/export?format=pdf")).ErrorsAsync()).ContainsKey("format"));
    }
}
