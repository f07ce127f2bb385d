using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;
using Afterglow.Tests.Infrastructure;
using Azure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>HELP at night: an urgent incident at once, the volunteer and the coordinator on duty woken (staff ignore quiet hours), no reminder to her.</summary>
public class HelpAtNightTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Help_at_two_in_the_morning_reaches_the_volunteer_and_the_duty_coordinator_at_once_and_the_liaison_half_an_hour_later()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("吴志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("郑联络", "liaison", "north");
        var (_, coordinatorPhone) = await w.PersonAsync("冯老师", "staff");
        var (retireeId, retireePhone) = await w.RetireeAsync("刘秀英", [volunteerId], "north");
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "02:00");
        Assert.True(await w.ReplyAsync(retireePhone, "求助"));
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(IncidentKind.Help, incident.Kind);
        var alert = Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Equal(CareTemplates.HelpAlert, alert.TemplateId);
        Assert.True(alert.IgnoreQuietHours);
        Assert.Empty(w.Sms.To(retireePhone));
        // The coordinator on duty hears it at once too (issue 10), and only once.
        Assert.Equal(CareTemplates.HelpAlert, Assert.Single(w.Sms.To(coordinatorPhone)).TemplateId);

        await w.AtAsync(day, "02:29");
        Assert.Empty(w.Sms.To(liaisonPhone));
        await w.AtAsync(day, "02:30");
        Assert.True(Assert.Single(w.Sms.To(liaisonPhone)).IgnoreQuietHours);
        Assert.Single(w.Sms.To(coordinatorPhone));

        // A second HELP does not open a second incident; the volunteer's plain OK acknowledges the only one.
        Assert.True(await w.ReplyAsync(retireePhone, "3"));
        Assert.Single(await w.OpenIncidentsAsync(retireeId));
        Assert.True(await w.ReplyAsync(volunteerPhone, "OK"));
        Assert.Equal(IncidentStatus.Acknowledged, (await w.IncidentAsync(incident.Id)).Status);

        // Her morning check-in still goes out, in the day.
        await w.AtAsync(day, "09:00");
        var checkIn = Assert.Single(w.Sms.To(retireePhone));
        Assert.Equal(CareTemplates.CheckIn, checkIn.TemplateId);
        Assert.False(checkIn.IgnoreQuietHours);
    }
}

/// <summary>A retiree who dies while an incident is open: every message to and about him stops.</summary>
public class DeathWhileOpenTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Recording_the_death_stops_the_ladder_closes_the_incident_and_stops_his_check_ins()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("何志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("吕联络", "liaison", "south");
        var (daughterPhone, daughter) = (CareWorld.NewPhone(), "张女士");
        var (retireeId, retireePhone) = await w.RetireeAsync("张德明", [volunteerId], "south", [(daughter, daughterPhone)]);
        await w.PlanAsync(retireeId);
        Assert.True(await w.ReplyAsync(daughterPhone, "YES"));

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        await w.AtAsync(day, "12:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(3, incident.Level);

        var store = app.Services.GetRequiredService<RetireeStore>();
        var found = (await store.GetAsync(retireeId, CancellationToken.None))!.Value;
        var written = await store.ReplaceAsync(retireeId, found.Retiree.Profile with { Status = RetireeStatus.Deceased, DeceasedOn = day },
            found.ETag, Caller.System, "retiree.update", CancellationToken.None);
        Assert.Equal(WriteOutcome.Ok, written.Outcome);

        await w.AtAsync(day, "13:00");
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(IncidentOutcome.Deceased, incident.Resolution!.Outcome);
        Assert.Empty(w.Sms.To(liaisonPhone));
        Assert.Equal(CareTemplates.Closing, w.Sms.To(volunteerPhone).Last().TemplateId);
        // The family hears it from the office in person, not from an automated SMS.
        Assert.DoesNotContain(w.Sms.To(daughterPhone), m => m.TemplateId is CareTemplates.Family or CareTemplates.Closing);

        var before = w.Sms.To(retireePhone).Count;
        await w.AtAsync(day.AddDays(1), "09:00");
        await w.AtAsync(day.AddDays(2), "09:00");
        Assert.Equal(before, w.Sms.To(retireePhone).Count);
        var plan = (await app.Services.GetRequiredService<CarePlanStore>().GetAsync(retireeId, CancellationToken.None))!.Value.Plan;
        Assert.Equal(PlanState.Stopped, plan.State);
        Assert.Equal("deceased", plan.StopReason);
    }
}

/// <summary>A paused plan (hospitalised until a date) sends nothing and resumes by itself the day after.</summary>
public class PausedPlanTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_paused_plan_sends_nothing_until_the_pause_ends_and_then_resumes()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("许志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("黄桂兰", [volunteerId]);
        var view = await w.PlanAsync(retireeId, pause: new { until = CareWorld.Day(2).ToString("yyyy-MM-dd"), reason = "住院" });
        Assert.StartsWith(CareWorld.Day(3).ToString("yyyy-MM-dd") + "T09:00", view["nextDueLocal"]!.GetValue<string>());

        for (var d = 1; d <= 2; d++)
        {
            await w.AtAsync(CareWorld.Day(d), "09:00");
            await w.AtAsync(CareWorld.Day(d), "12:00");
        }
        Assert.Empty(w.Sms.To(retireePhone));
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));

        await w.AtAsync(CareWorld.Day(3), "09:00");
        Assert.Equal(CareTemplates.CheckIn, Assert.Single(w.Sms.To(retireePhone)).TemplateId);
    }
}

/// <summary>A volunteer who answers NO: the next level goes at once instead of waiting out the hour.</summary>
public class VolunteerSaysNoTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task No_with_the_code_moves_the_ladder_on_at_once()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("马志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("罗联络", "liaison", "lake");
        var (retireeId, _) = await w.RetireeAsync("林国华", [volunteerId], "lake");
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        await w.AtAsync(day, "12:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "12:10"));
        Assert.True(await w.ReplyAsync(volunteerPhone, $"NO {incident.Code}"));

        // No sweep has run since: the reply itself took the next step.
        Assert.Single(w.Sms.To(liaisonPhone));
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(4, incident.Level);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(CareWorld.Local(day, "13:10"), incident.NextAt);
        var timeline = await app.Services.GetRequiredService<IncidentStore>().TimelineAsync(incident.Id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Kind == "declined" && e.Phone == volunteerPhone);
    }
}

/// <summary>A volunteer who is also a retiree: OK acknowledges the incident they were told about; 1 answers their own check-in.</summary>
public class VolunteerWhoIsAlsoRetireeTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Ok_acknowledges_the_other_retirees_incident_and_leaves_their_own_check_in_open()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("高志愿", "volunteer");
        var (otherVolunteerId, _) = await w.PersonAsync("梁志愿", "volunteer");
        var (retireeId, _) = await w.RetireeAsync("宋玉珍", [volunteerId]);
        // The volunteer is a retiree too (a younger retiree helping an older one), with the same mobile.
        var (selfId, _) = await w.RetireeAsync("高志愿", [otherVolunteerId], mobile: volunteerPhone);
        await w.PlanAsync(retireeId);
        await w.PlanAsync(selfId, at: "11:30");

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        await w.AtAsync(day, "12:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(3, incident.Level);
        Assert.Equal(CheckInStatus.Sent, (await w.CheckInAsync(day, selfId))!.Status);

        Assert.True(await w.ReplyAsync(volunteerPhone, "OK"));
        Assert.Equal(IncidentStatus.Acknowledged, (await w.IncidentAsync(incident.Id)).Status);
        Assert.Equal(CheckInStatus.Sent, (await w.CheckInAsync(day, selfId))!.Status);

        Assert.True(await w.ReplyAsync(volunteerPhone, "1"));
        var own = (await w.CheckInAsync(day, selfId))!;
        Assert.Equal(CheckInStatus.Answered, own.Status);
        Assert.Equal(ReplyKind.Well, own.Answer);
        Assert.Equal(IncidentStatus.Acknowledged, (await w.IncidentAsync(incident.Id)).Status);
        Assert.Empty(await w.OpenIncidentsAsync(selfId));
    }
}

/// <summary>An undelivered check-in is not silence: no reminder SMS, a person who can phone or visit at once.</summary>
public class UndeliveredCheckInTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_failed_delivery_skips_the_reminder_and_goes_straight_to_the_volunteer()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("唐志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("韩联络", "liaison", "hill");
        var (retireeId, retireePhone) = await w.RetireeAsync("曹文华", [volunteerId], "hill");
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "09:02"));
        var replies = app.Services.GetRequiredService<CareReplies>();
        await replies.OnDeliveryFailedAsync($"checkin:{checkIn.Id}", retireePhone, "number unreachable", CancellationToken.None);
        // The report may come twice; the second changes nothing.
        await replies.OnDeliveryFailedAsync($"checkin:{checkIn.Id}", retireePhone, "number unreachable", CancellationToken.None);

        Assert.Equal(CheckInStatus.Undelivered, (await w.CheckInAsync(day, retireeId))!.Status);
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(IncidentKind.Undelivered, incident.Kind);
        Assert.Equal(CareTemplates.UndeliveredAlert, Assert.Single(w.Sms.To(volunteerPhone)).TemplateId);
        Assert.DoesNotContain(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Reminder);

        await w.AtAsync(day, "09:32");
        Assert.Single(w.Sms.To(liaisonPhone));
        await w.AtAsync(day, "11:00");
        Assert.Single(await w.OpenIncidentsAsync(retireeId));
        Assert.DoesNotContain(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Reminder);
    }
}
