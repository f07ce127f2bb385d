using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.App.Bereavement;
using Afterglow.App.Sms;
using Afterglow.Domain.Bereavement;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Bereavement;

/// <summary>Bereavement at the HTTP boundary on Azurite: recording a death, the checklist to its close, who sees what.</summary>
public class BereavementApiTests(AppFactory app) : AppTests(app)
{
    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    [Fact]
    public async Task Recording_a_death_stops_messages_starts_the_checklist_and_tells_the_volunteer_and_liaison()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("去世甲", spouse: true);
        var diedOn = Today.AddDays(-1);

        var response = await w.RecordAsync(id, new { diedOn = diedOn.ToString("yyyy-MM-dd"), learnedFrom = "family", learnedNote = "长子来电" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.JsonAsync();

        // The registry says deceased: what every sender checks before it sends.
        var retiree = await (await (await App.AdminAsync()).GetAsync($"/api/retirees/{id}")).JsonAsync();
        Assert.Equal("deceased", retiree["profile"]!["status"]!.GetValue<string>());
        Assert.Equal(diedOn.ToString("yyyy-MM-dd"), retiree["profile"]!["deceasedOn"]!.GetValue<string>());

        // Four items with a spouse surviving, due from the settings' defaults (3, 30, 30, 60 days).
        var items = c["items"]!.AsArray().Select(i => (Kind: i!["kind"]!.GetValue<string>(), Due: i["due"]!.GetValue<string>(), State: i["state"]!.GetValue<string>())).ToList();
        Assert.Equal(["condolenceVisit", "funeralAllowance", "pensionPayment", "survivorAid"], items.Select(i => i.Kind));
        Assert.Equal([3, 30, 30, 60], items.Select(i => DateOnly.Parse(i.Due).DayNumber - Today.DayNumber));
        Assert.All(items, i => Assert.Equal("open", i.State));

        // The next of kin: the first emergency contact by default.
        Assert.Equal("长子", c["nextOfKin"]!["name"]!.GetValue<string>());
        Assert.Equal("contact:0", c["nextOfKin"]!["source"]!.GetValue<string>());

        var toVolunteer = await w.SmsToAsync(id, w.Volunteer);
        var toLiaison = await w.SmsToAsync(id, w.Liaison);
        Assert.Equal(BereavementTemplates.Volunteer, toVolunteer!.TemplateId);
        Assert.Equal(BereavementTemplates.Liaison, toLiaison!.TemplateId);
        Assert.Contains("去世甲", toVolunteer.Text);
        Assert.Contains(diedOn.ToString("yyyy-MM-dd"), toLiaison.Text);
        Assert.NotEqual(SmsState.Cancelled, toVolunteer.State);

        var lines = (await w.PageAsync(id))["case"]!["lines"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(["recorded", "notified", "notified"], lines);
    }

    [Fact]
    public async Task Without_a_spouse_there_is_no_survivor_aid()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("去世乙");
        var page = await w.PageAsync(id);
        Assert.Null(page["case"]);
        Assert.False(page["survivorAidApplies"]!.GetValue<bool>());
        var c = await (await w.RecordAsync(id, new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "hospital" })).JsonAsync();
        Assert.DoesNotContain(c["items"]!.AsArray(), i => i!["kind"]!.GetValue<string>() == "survivorAid");
        var refused = await w.ChangeItemAsync(id, "survivorAid", new { state = "done" }, c["eTag"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task Recording_twice_keeps_one_case_one_SMS_each_and_one_death_in_the_report()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("去世丙");
        var body = new { diedOn = "2025-02-14", learnedFrom = "street" };
        Assert.Equal(HttpStatusCode.Created, (await w.RecordAsync(id, body)).StatusCode);
        var again = await w.RecordAsync(id, new { diedOn = "2025-02-15", learnedFrom = "volunteer" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var c = await again.JsonAsync();
        Assert.Equal("2025-02-14", c["diedOn"]!.GetValue<string>()); // the first record stands
        Assert.Single(c["lines"]!.AsArray(), l => l!["code"]!.GetValue<string>() == "recorded");

        // A retried announcement (a crash before it was marked done) queues and counts nothing new.
        var desk = App.Services.GetRequiredService<BereavementDesk>();
        var store = App.Services.GetRequiredService<BereavementStore>();
        var (stored, _) = (await store.GetAsync(id, CancellationToken.None))!.Value;
        await desk.AnnounceAsync(stored with { Announced = false }, CancellationToken.None);

        var outbox = App.Services.GetRequiredService<OutboxStore>();
        var sent = await outbox.GetAsync(OutboxStore.IdOf(BereavementDesk.KeyOf(id, w.Volunteer["phone"]!.GetValue<string>())), CancellationToken.None);
        Assert.NotNull(sent);
        Assert.Equal(2, (await w.PageAsync(id))["case"]!["lines"]!.AsArray().Count(l => l!["code"]!.GetValue<string>() == "notified"));
        var report = await (await (await App.AdminAsync()).GetAsync("/api/reports?from=2025-01-01&to=2025-12-31")).JsonAsync();
        var deaths = report["months"]!.AsArray().Where(m => m!["kind"]!.GetValue<string>() == "death").ToList();
        Assert.Equal("2025-02", Assert.Single(deaths)!["period"]!.GetValue<string>());
        Assert.Equal(1, deaths[0]!["items"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{ "learnedFrom": "family" }""", "diedOn")]
    [InlineData("""{ "diedOn": "2099-01-01", "learnedFrom": "family" }""", "diedOn")]
    [InlineData("""{ "diedOn": "1930-01-01", "learnedFrom": "family" }""", "diedOn")]
    [InlineData("""{ "diedOn": "2026-11-01" }""", "learnedFrom")]
    [InlineData("""{ "diedOn": "2026-11-01", "learnedFrom": "pigeon" }""", "learnedFrom")]
    [InlineData("""{ "diedOn": "2026-11-01", "learnedFrom": "family", "nextOfKin": "contact:7" }""", "nextOfKin")]
    [InlineData("""{ "diedOn": "2026-11-01", "learnedFrom": "family", "assigneeId": "p000000000000" }""", "assigneeId")]
    public async Task Bad_input_is_a_field_error_and_nothing_changes(string json, string field)
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("未变老人");
        var response = await (await App.AdminAsync()).PostJsonAsync($"/api/retirees/{id}/death", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"expected an error on {field}: {await response.Content.ReadAsStringAsync()}");
        Assert.Null((await w.PageAsync(id))["case"]);
        var retiree = await (await (await App.AdminAsync()).GetAsync($"/api/retirees/{id}")).JsonAsync();
        Assert.Equal("active", retiree["profile"]!["status"]!.GetValue<string>());
        Assert.Null(await w.SmsToAsync(id, w.Volunteer));
    }

    [Fact]
    public async Task The_checklist_closes_item_by_item_under_its_revision_and_the_case_is_archived()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("去世丁");
        var recorded = await w.RecordAsync(id, new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "liaison", assigneeId = w.Liaison["id"]!.GetValue<string>() });
        var etag = recorded.Headers.ETag!.ToString();
        var c = await recorded.JsonAsync();
        Assert.All(c["items"]!.AsArray(), i => Assert.Equal("片区联络员", i!["assigneeName"]!.GetValue<string>()));

        Assert.Equal((HttpStatusCode)428, (await w.ChangeItemAsync(id, "condolenceVisit", new { state = "done" }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await w.ChangeItemAsync(id, "condolenceVisit", new { state = "done" }, "\"r99\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.ChangeItemAsync(id, "party", new { state = "done" }, etag)).StatusCode);
        var noNote = await w.ChangeItemAsync(id, "pensionPayment", new { state = "notNeeded" }, etag);
        Assert.True((await noNote.ErrorsAsync()).ContainsKey("note"));
        var badPerson = await w.ChangeItemAsync(id, "pensionPayment", new { assigneeId = "nobody" }, etag);
        Assert.True((await badPerson.ErrorsAsync()).ContainsKey("assigneeId"));

        // Overdue once its day has passed: on the staff's list of open cases.
        App.Clock.Advance(TimeSpan.FromDays(4));
        var open = await (await (await App.AdminAsync()).GetAsync("/api/bereavements")).JsonArrayAsync();
        var mine = Assert.Single(open, x => x!["retireeId"]!.GetValue<string>() == id)!;
        Assert.Equal("condolenceVisit", Assert.Single(mine["overdue"]!.AsArray())!["kind"]!.GetValue<string>());

        var visit = await w.ChangeItemAsync(id, "condolenceVisit", new { state = "done", note = "已上门慰问" }, etag);
        Assert.Equal(HttpStatusCode.OK, visit.StatusCode);
        etag = visit.Headers.ETag!.ToString();
        etag = (await w.ChangeItemAsync(id, "funeralAllowance", new { state = "done" }, etag)).Headers.ETag!.ToString();
        var last = await w.ChangeItemAsync(id, "pensionPayment", new { state = "notNeeded", note = "单位已直接发放" }, etag);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var closed = await last.JsonAsync();
        Assert.True(closed["archived"]!.GetValue<bool>());
        Assert.Equal("archived", closed["lines"]!.AsArray()[^1]!["code"]!.GetValue<string>());

        open = await (await (await App.AdminAsync()).GetAsync("/api/bereavements")).JsonArrayAsync();
        Assert.DoesNotContain(open, x => x!["retireeId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.Conflict, (await w.ChangeItemAsync(id, "funeralAllowance", new { state = "open" }, last.Headers.ETag!.ToString())).StatusCode);
        var audit = await (await (await App.AdminAsync()).GetAsync($"/api/audit/?retireeId={id}")).Content.ReadAsStringAsync();
        Assert.Contains("bereavement.archive", audit);
    }

    [Fact]
    public async Task The_next_of_kin_is_chosen_from_the_profile()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var id = await w.RetireeAsync("去世戊", spouse: true);
        var choices = (await w.PageAsync(id))["nextOfKinChoices"]!.AsArray().Select(x => x!["source"]!.GetValue<string>()).ToList();
        Assert.Equal(["contact:0", "spouse"], choices);
        var recorded = await w.RecordAsync(id, new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "family", nextOfKin = "spouse" });
        Assert.Equal("老伴", (await recorded.JsonAsync())["nextOfKin"]!["name"]!.GetValue<string>());

        var admin = await App.AdminAsync();
        var change = new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{id}/bereavement/nextOfKin") { Content = JsonContent.Create(new { source = "child:3" }) };
        change.Headers.TryAddWithoutValidation("If-Match", recorded.Headers.ETag!.ToString());
        Assert.True((await (await admin.SendAsync(change)).ErrorsAsync()).ContainsKey("source"));
        change = new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{id}/bereavement/nextOfKin") { Content = JsonContent.Create(new { source = "contact:0" }) };
        change.Headers.TryAddWithoutValidation("If-Match", recorded.Headers.ETag!.ToString());
        var changed = await admin.SendAsync(change);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("长子", (await changed.JsonAsync())["nextOfKin"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_volunteer_reads_the_case_of_a_paired_retiree_only_and_changes_nothing()
    {
        var w = await new BereavementWorld(App).StartAsync();
        var (volunteer, personId) = await App.SignInAsAsync(Roles.Volunteer);
        var mine = await w.RetireeAsync("结对去世", volunteerId: personId);
        var others = await w.RetireeAsync("他人去世");
        await w.RecordAsync(mine, new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "volunteer" });
        await w.RecordAsync(others, new { diedOn = Today.ToString("yyyy-MM-dd"), learnedFrom = "family" });

        var page = await w.PageAsync(mine, volunteer);
        Assert.Equal("结对去世", page["case"]!["name"]!.GetValue<string>());
        Assert.Empty(page["nextOfKinChoices"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetAsync($"/api/retirees/{others}/bereavement")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/bereavements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PostAsJsonAsync($"/api/retirees/{mine}/death", new { diedOn = "2026-11-01", learnedFrom = "family" })).StatusCode);
    }
}
