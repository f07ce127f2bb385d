using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Batches;

/// <summary>POST /api/incidents/resolve: several incidents closed with one outcome and note (after a mass check-in).</summary>
public class IncidentBatchTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private static async Task<(string RetireeId, string IncidentId)> OpenAsync(CareWorld w, string name)
    {
        var (retireeId, phone) = await w.RetireeAsync(name, []);
        Assert.True(await w.ReplyAsync(phone, "HELP"));
        return (retireeId, (await w.OpenIncidentsAsync(retireeId)).Single().Id);
    }

    [Fact]
    public async Task Several_incidents_are_resolved_with_one_outcome_and_note_and_a_retry_reports_them_already_resolved()
    {
        var w = await CareWorld.StartAsync(app);
        var (coordinator, _) = await app.SignInAsAsync("coordinator");
        var a = await OpenAsync(w, "批处理甲");
        var b = await OpenAsync(w, "批处理乙");
        var body = new { incidentIds = new[] { a.IncidentId, b.IncidentId }, outcome = "reachedByPhone", note = "集中回访，均平安" };

        var response = await coordinator.PostAsJsonAsync("/api/incidents/resolve", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        Assert.Equal((2, 0), (result["resolved"]!.GetValue<int>(), result["alreadyResolved"]!.GetValue<int>()));
        foreach (var id in new[] { a.IncidentId, b.IncidentId })
        {
            var incident = await w.IncidentAsync(id);
            Assert.Equal(IncidentStatus.Resolved, incident.Status);
            Assert.Equal((IncidentOutcome.ReachedByPhone, "集中回访，均平安"), (incident.Resolution!.Outcome, incident.Resolution.Note));
        }
        // The record stays readable, with the resolution in its timeline.
        var detail = await (await coordinator.GetAsync($"/api/incidents/{a.IncidentId}")).JsonAsync();
        Assert.Contains(detail["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "resolved");

        var retry = await (await coordinator.PostAsJsonAsync("/api/incidents/resolve", body)).JsonAsync();
        Assert.Equal((0, 2), (retry["resolved"]!.GetValue<int>(), retry["alreadyResolved"]!.GetValue<int>()));
        var audit = await (await (await w.AdminAsync()).GetAsync($"/api/audit?retireeId={a.RetireeId}")).JsonArrayAsync();
        Assert.Single(audit, x => x!["action"]!.GetValue<string>() == "incident.resolve");
    }

    [Fact]
    public async Task A_wrong_row_or_field_refuses_the_whole_batch_and_nothing_is_resolved()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var open = await OpenAsync(w, "批处理丙");
        var cases = new (object Body, string Field)[]
        {
            (new { incidentIds = new[] { open.IncidentId, "i-nobody" }, outcome = "well" }, "incidentIds[1]"),
            (new { incidentIds = new[] { open.IncidentId, "x" }, outcome = "well" }, "incidentIds[1]"),
            (new { incidentIds = new[] { open.IncidentId, open.IncidentId }, outcome = "well" }, "incidentIds[1]"),
            (new { incidentIds = Array.Empty<string>(), outcome = "well" }, "incidentIds"),
            (new { incidentIds = new[] { open.IncidentId } }, "outcome"),
            (new { incidentIds = new[] { open.IncidentId }, outcome = "deceased" }, "note"),
            (new { incidentIds = new[] { open.IncidentId }, outcome = "well", note = new string('x', 1001) }, "note"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await admin.PostAsJsonAsync("/api/incidents/resolve", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = await response.ErrorsAsync();
            Assert.True(errors.ContainsKey(field), $"expected {field}: {errors.ToJsonString()}");
        }
        Assert.NotEqual(IncidentStatus.Resolved, (await w.IncidentAsync(open.IncidentId)).Status);
    }

    [Fact]
    public async Task Volunteers_cannot_resolve_in_a_batch_even_their_own_retirees_incidents()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteer, personId) = await app.SignInAsAsync("volunteer");
        var (retireeId, phone) = await w.RetireeAsync("批处理丁", [personId!]);
        Assert.True(await w.ReplyAsync(phone, "HELP"));
        var incident = (await w.OpenIncidentsAsync(retireeId)).Single();
        var response = await volunteer.PostAsJsonAsync("/api/incidents/resolve", new { incidentIds = new[] { incident.Id }, outcome = "well" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(IncidentStatus.Resolved, (await w.IncidentAsync(incident.Id)).Status);
    }
}

/// <summary>GET /api/checkins/mass: the last week's mass check-ins with their tallies, so a reload shows them again.</summary>
public class RecentMassTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_recent_mass_check_ins_are_listed_newest_first_with_their_tally()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "台风甲", "台风乙" })
            (await admin.PostAsJsonAsync("/api/retirees", new { name, birthDate = "1939-01-01", mobile = CareWorld.NewPhone(), unit, retirementType = "veteran" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/retirees", new { name = "台风丙", birthDate = "1939-01-01", mobile = CareWorld.NewPhone(), unit })).EnsureSuccessStatusCode();
        var started = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "台风", filter = new { unit, retirementType = "veteran", ageBands = new[] { "from85", "from80" } }, windowMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.JsonAsync())["mass"]!["id"]!.GetValue<string>();

        var list = await (await admin.GetAsync("/api/checkins/mass")).JsonArrayAsync();
        var mine = Assert.Single(list, m => m!["mass"]!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("台风", mine["mass"]!["reason"]!.GetValue<string>());
        Assert.Equal(2, mine["mass"]!["count"]!.GetValue<int>()); // the two 离休 of 87, not the 退休 one
        Assert.Equal(2, mine["tally"]!["total"]!.GetValue<int>());
        var (volunteer, _) = await app.SignInAsAsync("volunteer");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/checkins/mass")).StatusCode);
    }
}

/// <summary>The dashboard's engine banner: a late sweep is an engine fault; yesterday's gaps are findings, and clear with the sweep.</summary>
public class WatchBannerTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Once_the_sweep_runs_again_only_yesterdays_findings_remain_and_the_sweep_is_not_blamed()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("横幅志愿", "volunteer");
        var (retireeId, _) = await w.RetireeAsync("横幅老人", [volunteerId]);
        await w.PlanAsync(retireeId);
        var watch = app.Services.GetRequiredService<CareWatch>();
        Task<string> Watch() => watch.RunAsync(new TimerInvocation(CareWatch.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);
        await w.SweepAsync();

        // The timer stops through the next day's check-in time: the sweep is late, and yesterday had a gap.
        app.Clock.SetUtcNow(CareWorld.Local(CareWorld.Day(2), "07:40"));
        await Watch();
        var health = await (await (await w.AdminAsync()).GetAsync("/api/checkins/health")).JsonAsync();
        Assert.True(health["sweepLate"]!.GetValue<bool>());

        // The sweep runs again: not late any more; what is left is a finding about yesterday, not an engine fault.
        await w.SweepAsync();
        await Watch();
        health = await (await (await w.AdminAsync()).GetAsync("/api/checkins/health")).JsonAsync();
        Assert.False(health["sweepLate"]!.GetValue<bool>());
        Assert.Contains(health["findings"]!.AsArray(), f => f!.GetValue<string>().Contains("expected check-ins were sent", StringComparison.Ordinal));
    }
}
