using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>Emergency contacts are recipients only after YES; STOP withdraws; reassurance notes are opt-in.</summary>
public class FamilyConsentTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Only_a_contact_who_said_yes_is_notified_and_stop_withdraws()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("家属志愿", "volunteer");
        var (daughter, son) = (CareWorld.NewPhone(), CareWorld.NewPhone());
        var (retireeId, retireePhone) = await w.RetireeAsync("邓老师", [volunteerId], contacts: [("女儿", daughter), ("儿子", son)]);
        await w.PlanAsync(retireeId);
        Assert.Equal(CareTemplates.Consent, Assert.Single(w.Sms.To(daughter)).TemplateId);
        Assert.Equal(CareTemplates.Consent, Assert.Single(w.Sms.To(son)).TemplateId);
        Assert.True(await w.ReplyAsync(daughter, "是"));
        Assert.Equal(CareTemplates.ConsentThanks, w.Sms.To(daughter).Last().TemplateId);
        // Opting in to the daily 平安 note.
        Assert.Equal(HttpStatusCode.OK, (await (await w.AdminAsync()).PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence = "daily", at = "09:00", reassuranceContacts = new[] { daughter } })).StatusCode);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        Assert.True(await w.ReplyAsync(retireePhone, "1"));
        Assert.Equal(CareTemplates.ReassureWell, w.Sms.To(daughter).Last().TemplateId);
        Assert.Single(w.Sms.To(son));

        var next = day.AddDays(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30", "12:00", "13:00", "14:00" }) await w.AtAsync(next, t);
        var toDaughter = w.Sms.To(daughter).Select(m => m.TemplateId).ToList();
        Assert.Contains(CareTemplates.ReassureMissed, toDaughter);
        Assert.Equal(CareTemplates.Family, toDaughter.Last());
        Assert.Single(w.Sms.To(son));
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.True(await w.ReplyAsync(daughter, $"OK {incident.Code}"));
        Assert.Equal(IncidentStatus.Acknowledged, (await w.IncidentAsync(incident.Id)).Status);

        Assert.True(await w.ReplyAsync(daughter, "STOP"));
        var consent = await app.Services.GetRequiredService<CarePlanStore>().GetConsentAsync(daughter, retireeId, CancellationToken.None);
        Assert.Equal(ConsentState.No, consent!.Value.Consent.State);
    }
}

/// <summary>The duty roster decides who is on duty; an away volunteer is skipped for the backup.</summary>
public class RosterTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_on_duty_coordinator_and_the_backup_volunteer_are_notified_when_the_primary_is_away()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (primaryId, primaryPhone) = await w.PersonAsync("主志愿", "volunteer");
        var (backupId, backupPhone) = await w.PersonAsync("备志愿", "volunteer");
        var (onDutyId, onDutyPhone) = await w.PersonAsync("值班老师", "staff");
        var (_, offDutyPhone) = await w.PersonAsync("休息老师", "staff");
        var (retireeId, _) = await w.RetireeAsync("袁老师", [primaryId, backupId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);

        var bad = await admin.PutAsJsonAsync("/api/roster", new { weekly = new[] { new { day = "monday", start = "08:00:00", end = "08:00:00", personId = primaryId } } });
        var errors = await bad.ErrorsAsync();
        Assert.True(errors.ContainsKey("weekly[0].personId"));
        Assert.True(errors.ContainsKey("weekly[0].end"));
        var roster = await admin.PutAsJsonAsync("/api/roster", new
        {
            weekly = new[] { new { day = day.DayOfWeek.ToString().ToLowerInvariant(), start = "08:00:00", end = "20:00:00", personId = onDutyId } },
            overrides = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.OK, roster.StatusCode);
        Assert.True((await (await admin.PutAsJsonAsync($"/api/roster/away/{primaryId}", new { periods = new[] { new { from = "2026-11-23", to = "2020-01-01" } } })).ErrorsAsync()).ContainsKey("periods[0].to"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/roster/away/{primaryId}", new { periods = new[] { new { from = day.ToString("yyyy-MM-dd"), to = day.AddDays(2).ToString("yyyy-MM-dd"), note = "探亲" } } })).StatusCode);

        foreach (var t in new[] { "09:00", "11:00", "11:30", "12:00", "13:00" }) await w.AtAsync(day, t);
        Assert.Empty(w.Sms.To(primaryPhone));
        Assert.Single(w.Sms.To(backupPhone));
        Assert.Single(w.Sms.To(onDutyPhone));
        Assert.Empty(w.Sms.To(offDutyPhone));
        var view = await (await (await w.AdminAsync()).GetAsync("/api/roster")).JsonAsync();
        Assert.Equal(onDutyId, view["onDutyNow"]!.AsArray().Single()!["id"]!.GetValue<string>());
    }
}

/// <summary>A mass check-in for a typhoon: one SMS to the segment now, a live tally, misses feeding the same ladder.</summary>
public class MassCheckInTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_typhoon_check_in_reaches_the_segment_and_tallies_answers_live()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (volunteerId, volunteerPhone) = await w.PersonAsync("台风志愿", "volunteer");
        var a = await w.RetireeAsync("海边甲", [volunteerId], "coast");
        var b = await w.RetireeAsync("海边乙", [volunteerId], "coast");
        var c = await w.RetireeAsync("海边丙", [volunteerId], "coast");
        await w.RetireeAsync("山里丁", [volunteerId], "hills");

        Assert.True((await (await admin.PostAsJsonAsync("/api/checkins/mass", new { filter = new { area = "coast" } })).ErrorsAsync()).ContainsKey("reason"));
        Assert.True((await (await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "台风", filter = new { area = "nowhere" } })).ErrorsAsync()).ContainsKey("filter"));

        var started = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "台风", filter = new { area = "coast" }, windowMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var mass = await started.JsonAsync();
        var id = mass["mass"]!["id"]!.GetValue<string>();
        Assert.Equal(3, mass["tally"]!["total"]!.GetValue<int>());
        foreach (var r in new[] { a, b, c }) Assert.Single(w.Sms.To(r.Phone));

        Assert.True(await w.ReplyAsync(a.Phone, "1"));
        Assert.True(await w.ReplyAsync(b.Phone, "3"));
        var tally = (await (await admin.GetAsync($"/api/checkins/mass/{id}")).JsonAsync())["tally"]!;
        Assert.Equal(2, tally["answered"]!.GetValue<int>());
        Assert.Equal(1, tally["well"]!.GetValue<int>());
        Assert.Equal(1, tally["needHelp"]!.GetValue<int>());
        Assert.Equal(1, tally["notYet"]!.GetValue<int>());
        Assert.Single(await w.OpenIncidentsAsync(b.Id)); // HELP opened an urgent incident at once

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await w.SweepAsync();
        tally = (await (await admin.GetAsync($"/api/checkins/mass/{id}")).JsonAsync())["tally"]!;
        Assert.Equal(1, tally["missed"]!.GetValue<int>());
        Assert.Equal(IncidentKind.Missed, (await w.OnlyIncidentAsync(c.Id)).Kind);
    }
}

/// <summary>The engine watching itself: a stopped timer or a morning gap alerts the on-duty coordinator and shows on the dashboard.</summary>
public class CareWatchTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_silent_timer_and_missing_check_ins_alert_the_coordinator_once()
    {
        var w = await CareWorld.StartAsync(app);
        var (_, coordinatorPhone) = await w.PersonAsync("看门老师", "staff");
        var (volunteerId, _) = await w.PersonAsync("看门志愿", "volunteer");
        var (retireeId, _) = await w.RetireeAsync("看门老人", [volunteerId]);
        await w.PlanAsync(retireeId);
        var watch = app.Services.GetRequiredService<CareWatch>();
        Task<string> Watch() => watch.RunAsync(new TimerInvocation(CareWatch.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

        await w.SweepAsync();
        Assert.Equal("All well.", await Watch());
        var health = await (await (await w.AdminAsync()).GetAsync("/api/checkins/health")).JsonAsync();
        Assert.True(health["healthy"]!.GetValue<bool>());

        // The timer stops (no sweep) through the next day's check-in time.
        app.Clock.SetUtcNow(CareWorld.Local(CareWorld.Day(2), "07:40"));
        var problems = await Watch();
        Assert.Contains("sweep last completed", problems);
        Assert.Contains("0 of 1 expected check-ins were sent", problems);
        Assert.Equal(2, w.Sms.To(coordinatorPhone).Count(m => m.TemplateId == CareTemplates.WatchAlert));
        await Watch();
        Assert.Equal(2, w.Sms.To(coordinatorPhone).Count(m => m.TemplateId == CareTemplates.WatchAlert));
        health = await (await (await w.AdminAsync()).GetAsync("/api/checkins/health")).JsonAsync();
        Assert.False(health["healthy"]!.GetValue<bool>());
    }
}

/// <summary>Answer 2: a call-back for the paired volunteer today, and no alarm.</summary>
public class UnwellAnswerTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Not_feeling_well_asks_the_volunteer_to_call_and_opens_no_incident()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("回访志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("蒋老师", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        Assert.True(await w.ReplyAsync(retireePhone, "2"));
        var callBack = Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Equal(CareTemplates.CallBack, callBack.TemplateId);
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        Assert.True(checkIn.CallBack);
        Assert.Equal(ReplyKind.Unwell, checkIn.Answer);
        await w.AtAsync(day, "12:00");
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
    }
}

/// <summary>
/// Acknowledged but not resolved: the liaison and coordinator rungs are held back while the volunteer has it in hand;
/// whoever acknowledged is reminded after 4 h, then the on-duty coordinator.
/// </summary>
public class AcknowledgedNotResolvedTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_acknowledger_then_the_coordinator_are_reminded()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("确认志愿", "volunteer");
        var (_, coordinatorPhone) = await w.PersonAsync("确认老师", "staff");
        var (_, liaisonPhone) = await w.PersonAsync("确认联络", "liaison", "ack");
        var (retireeId, _) = await w.RetireeAsync("沈老师", [volunteerId], "ack");
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30", "12:00" }) await w.AtAsync(day, t);
        await w.AtAsync(day, "12:05");
        Assert.True(await w.ReplyAsync(volunteerPhone, "好"));

        // The liaison's rung (13:00) is not taken while the volunteer is handling it.
        await w.AtAsync(day, "13:00");
        await w.AtAsync(day, "16:04");
        Assert.Empty(w.Sms.To(liaisonPhone));
        Assert.Empty(w.Sms.To(coordinatorPhone));
        Assert.DoesNotContain(w.Sms.To(volunteerPhone), m => m.TemplateId == CareTemplates.AckReminder);
        await w.AtAsync(day, "16:05");
        Assert.Equal(CareTemplates.AckReminder, w.Sms.To(volunteerPhone).Last().TemplateId);
        Assert.Empty(w.Sms.To(coordinatorPhone));
        await w.AtAsync(day, "17:05");
        Assert.Equal(CareTemplates.AckReminder, Assert.Single(w.Sms.To(coordinatorPhone)).TemplateId);
        Assert.Empty(w.Sms.To(liaisonPhone));
    }
}
