using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>The HTTP boundary: validation names the field and changes nothing; volunteers see and act only on their own.</summary>
public class CareApiTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_care_plan_with_bad_fields_is_refused_field_by_field_and_nothing_is_stored()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (volunteerId, _) = await w.PersonAsync("计划志愿", "volunteer");
        var (retireeId, _) = await w.RetireeAsync("计划老人", [volunteerId]);

        var bad = await admin.PutAsJsonAsync($"/api/careplans/{retireeId}", new
        {
            at = "21:30", answerWindowMinutes = 5, pause = new { until = "2020-01-01", reason = "" }, escalateTo = new[] { "pnobody" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ErrorsAsync();
        foreach (var field in new[] { "cadence", "at", "answerWindowMinutes", "pause.until", "pause.reason", "escalateTo[0]" })
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");

        var unknown = await admin.PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence = "daily", at = "09:00", often = true });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.ErrorsAsync()).ContainsKey("often"));
        var wrongEnum = await admin.PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence = "hourly", at = "09:00" });
        Assert.True((await wrongEnum.ErrorsAsync()).ContainsKey("cadence"));

        var view = await (await admin.GetAsync($"/api/careplans/{retireeId}")).JsonAsync();
        // Stored at registration, derived from the tier: he lives alone and has no children, so every day at 09:00.
        Assert.True(view["stored"]!.GetValue<bool>());
        Assert.False(view["plan"]!["custom"]!.GetValue<bool>());
        Assert.Equal("daily", view["plan"]!["cadence"]!.GetValue<string>());

        var saved = await w.PlanAsync(retireeId, at: "10:15", cadence: "twiceWeekly");
        Assert.True(saved["plan"]!["custom"]!.GetValue<bool>());
        Assert.EndsWith("T10:15:00+08:00", saved["nextDueLocal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/careplans/rnobody")).StatusCode);
    }

    [Fact]
    public async Task Todays_open_incidents_list_every_one_however_many_are_open()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var ids = new List<string>();
        for (var n = 0; n < 33; n++)
        {
            var (retireeId, phone) = await w.RetireeAsync($"求助老人{n}", []);
            Assert.True(await w.ReplyAsync(phone, "HELP"));
            ids.Add((await w.OpenIncidentsAsync(retireeId)).Single().Id);
        }

        // The newest is listed too: a cap would drop the incident that just opened.
        var list = await (await admin.GetAsync("/api/incidents/open")).JsonArrayAsync();
        var open = list.Select(i => i!["id"]!.GetValue<string>()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, open));
        // Each card without its timeline (null: the card loads it when opened), with what the card shows folded; the
        // incident's own detail has the timeline.
        Assert.All(list, i => Assert.Null(i!["timeline"]));
        Assert.All(list, i => Assert.False(string.IsNullOrEmpty(i!["retireeMobile"]?.GetValue<string>())));
        var last = list[^1]!;
        var detail = await (await admin.GetAsync($"/api/incidents/{last["id"]!.GetValue<string>()}")).JsonAsync();
        Assert.Contains(detail["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "opened");
        Assert.Equal(detail["steps"]!.ToJsonString(), last["steps"]!.ToJsonString());
        Assert.Equal(5, (await (await admin.GetAsync("/api/incidents/open?max=5")).JsonArrayAsync()).Count);
        Assert.True((await (await admin.GetAsync("/api/incidents/open?max=101")).ErrorsAsync()).ContainsKey("max"));
    }

    [Fact]
    public async Task An_open_incident_offers_the_retirees_current_mobile_after_the_number_changes()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (retireeId, phone) = await w.RetireeAsync("沈老师", []);
        Assert.True(await w.ReplyAsync(phone, "HELP"));
        var incident = (await w.OpenIncidentsAsync(retireeId)).Single();

        var record = await admin.GetAsync($"/api/retirees/{retireeId}");
        var profile = (await record.JsonAsync())["profile"]!.AsObject();
        var changed = CareWorld.NewPhone();
        profile["mobile"] = changed;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{retireeId}") { Content = JsonContent.Create(profile) };
        put.Headers.TryAddWithoutValidation("If-Match", record.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put)).StatusCode);

        var card = Assert.Single(await (await admin.GetAsync("/api/incidents/open")).JsonArrayAsync(), i => i!["id"]!.GetValue<string>() == incident.Id)!;
        Assert.Equal(changed, card["retireeMobile"]!.GetValue<string>());
        Assert.Equal(changed, (await (await admin.GetAsync($"/api/incidents/{incident.Id}")).JsonAsync())["retireeMobile"]!.GetValue<string>());
    }

    [Fact]
    public async Task Volunteers_see_and_act_only_on_incidents_of_their_paired_retirees()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (alice, aliceId) = await app.SignInAsAsync("volunteer");
        var (bob, _) = await app.SignInAsAsync("volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("范老师", [aliceId!]);
        Assert.True(await w.ReplyAsync(retireePhone, "HELP"));
        var incident = (await w.OpenIncidentsAsync(retireeId)).Single();

        Assert.Contains(await (await alice.GetAsync("/api/incidents")).JsonArrayAsync(), i => i!["id"]!.GetValue<string>() == incident.Id);
        Assert.DoesNotContain(await (await bob.GetAsync("/api/incidents")).JsonArrayAsync(), i => i!["id"]!.GetValue<string>() == incident.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/incidents/{incident.Id}")).StatusCode);
        // Today's list of open incidents (one request) follows the same rule, and is the detail without its timeline.
        var aliceOpen = await (await alice.GetAsync("/api/incidents/open")).JsonArrayAsync();
        var card = Assert.Single(aliceOpen, i => i!["id"]!.GetValue<string>() == incident.Id)!.AsObject();
        var detail = await (await alice.GetAsync($"/api/incidents/{incident.Id}")).JsonAsync();
        Assert.Contains(detail["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "opened");
        detail["timeline"] = null;
        Assert.Equal(detail.ToJsonString(), card.ToJsonString());
        // A call for help has no step to the retiree: the card still has their mobile to call back.
        Assert.Equal(retireePhone, card["retireeMobile"]!.GetValue<string>());
        Assert.DoesNotContain(await (await bob.GetAsync("/api/incidents/open")).JsonArrayAsync(), i => i!["id"]!.GetValue<string>() == incident.Id);
        Assert.True((await (await alice.GetAsync("/api/incidents/open?max=0")).ErrorsAsync()).ContainsKey("max"));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync($"/api/incidents/{incident.Id}/acknowledge", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "well" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync($"/api/incidents/{incident.Id}/notes", new { note = "x" })).StatusCode);

        // Resolve needs an outcome from the list, and a note when the outcome says little by itself; nothing changes otherwise.
        Assert.True((await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { })).ErrorsAsync()).ContainsKey("outcome"));
        Assert.True((await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "maybe" })).ErrorsAsync()).ContainsKey("outcome"));
        Assert.True((await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "other" })).ErrorsAsync()).ContainsKey("note"));
        Assert.True((await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/notes", new { note = "" })).ErrorsAsync()).ContainsKey("note"));
        Assert.Equal(IncidentStatus.Open, (await w.IncidentAsync(incident.Id)).Status);

        var acked = await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/acknowledge", new { })).JsonAsync();
        Assert.Equal("acknowledged", acked["status"]!.GetValue<string>());
        Assert.Equal("dashboard", acked["acknowledged"]!["via"]!.GetValue<string>());
        var noted = await (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/notes", new { note = "电话打通了，正在去医院" })).JsonAsync();
        Assert.Contains(noted["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "note" && e["detail"]!.GetValue<string>() == "电话打通了，正在去医院");
        var resolved = await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "hospitalised", note = "Admitted to the city hospital." });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "well" })).StatusCode);

        // Volunteers do not change the policy, the roster or plans.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync($"/api/careplans/{retireeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/roster")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/incidents/policy")).StatusCode);
    }

    [Fact]
    public async Task The_development_clock_moves_now_and_runs_a_sweep()
    {
        var admin = await app.AdminAsync();
        Assert.True((await (await admin.PostAsJsonAsync("/api/dev/clock/advance", new { minutes = 0 })).ErrorsAsync()).ContainsKey("minutes"));
        var moved = await (await admin.PostAsJsonAsync("/api/dev/clock/advance", new { minutes = 5 })).JsonAsync();
        Assert.Contains("due:", moved["sweep"]!.GetValue<string>());

        // The clock itself (the tests' fake clock replaces it as the app's TimeProvider here).
        var inner = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var dev = new DevClock(inner);
        dev.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 30, 0, TimeSpan.Zero), dev.GetUtcNow());
        inner.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 31, 0, TimeSpan.Zero), dev.GetUtcNow());
    }

    [Fact]
    public async Task The_escalation_policy_is_edited_by_admins_and_validated()
    {
        var admin = await app.AdminAsync();
        var bad = await admin.PutAsJsonAsync("/api/incidents/policy", new { levels = new object[] { new { target = "retiree", waitMinutes = 1, repeat = true }, new { target = "volunteers", waitMinutes = 60 } } });
        var errors = await bad.ErrorsAsync();
        Assert.True(errors.ContainsKey("levels[0].waitMinutes"));
        Assert.True(errors.ContainsKey("levels[0].repeat"));
        var ok = await admin.PutAsJsonAsync("/api/incidents/policy", new
        {
            levels = new object[] { new { target = "volunteers", waitMinutes = 30 }, new { target = "liaisonAndDuty", waitMinutes = 30 }, new { target = "onSiteVisit", waitMinutes = 60, repeat = true } },
            ackTimeoutMinutes = 180,
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var policy = await app.Services.GetRequiredService<CarePlanStore>().GetPolicyAsync(CancellationToken.None);
        Assert.Equal(3, policy.Levels.Count);
        Assert.Equal(180, policy.AckTimeoutMinutes);
        await app.Services.GetRequiredService<CarePlanStore>().SavePolicyAsync(EscalationPolicy.Default, CancellationToken.None);
    }
}
