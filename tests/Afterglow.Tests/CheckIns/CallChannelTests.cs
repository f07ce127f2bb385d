using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>STOP is not silence: it answers the check-in, and the plan goes on by phone calls with the same ladder.</summary>
public class StopMovesToCallsTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Stop_answers_the_check_in_and_the_plan_goes_on_by_call_tasks_with_no_daily_undelivered_incident()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("毛志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("潘德华", [volunteerId]);
        await w.PlanAsync(retireeId);
        var plans = app.Services.GetRequiredService<CarePlanStore>();

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "09:15"));
        Assert.Equal(InboundOutcome.OptedOut, await w.InboundAsync(retireePhone, "退订"));
        Assert.Equal(ReplyKind.OptOut, (await w.CheckInAsync(day, retireeId))!.Answer);
        var plan = (await plans.GetAsync(retireeId, CancellationToken.None))!.Value.Plan;
        Assert.Equal((CareChannel.Call, ChannelReasons.OptedOut), (plan.Channel, plan.ChannelReason));
        Assert.Equal(InboxFlag.Urgent, Assert.Single(await app.Services.GetRequiredService<InboxStore>().ListAsync(true, 500, CancellationToken.None, retireeId)).Flag);
        foreach (var t in new[] { "11:00", "12:00", "13:00" }) await w.AtAsync(day, t);
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
        Assert.Empty(w.Sms.To(volunteerPhone));

        // Next day: no SMS to her; a call task to the volunteer, who answers it by SMS with the task's code.
        day = CareWorld.Day(2);
        var sentToHer = w.Sms.To(retireePhone).Count;
        await w.AtAsync(day, "09:00");
        Assert.Equal(sentToHer, w.Sms.To(retireePhone).Count);
        var task = Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Equal(CareTemplates.CallTask, task.TemplateId);
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        Assert.Equal(CareChannel.Call, checkIn.Channel);
        Assert.Equal(checkIn.CallCode, task.Parameters["code"]);
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(volunteerPhone, $"{checkIn.CallCode} 1"));
        Assert.Equal((CheckInStatus.Answered, ReplyKind.Well), ((await w.CheckInAsync(day, retireeId))!.Status, (await w.CheckInAsync(day, retireeId))!.Answer));

        // Nobody records an outcome: at the window's end the ladder starts at the volunteer, not a reminder SMS to her.
        day = CareWorld.Day(3);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(IncidentKind.CallNotReached, incident.Kind);
        Assert.Equal(CareTemplates.Alert, w.Sms.To(volunteerPhone).Last().TemplateId);
        Assert.Equal(sentToHer, w.Sms.To(retireePhone).Count);
        Assert.DoesNotContain(await w.OpenIncidentsAsync(retireeId), i => i.Kind == IncidentKind.Undelivered);

        // START brings the SMS check-in back.
        Assert.Equal(InboundOutcome.OptedIn, await w.InboundAsync(retireePhone, "START"));
        Assert.Equal(CareChannel.Sms, (await plans.GetAsync(retireeId, CancellationToken.None))!.Value.Plan.Channel);
    }
}

/// <summary>Recording a call from the dashboard: not reached opens the ladder at once; volunteers only for their own retirees.</summary>
public class CallOutcomeApiTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_coordinator_puts_a_plan_on_calls_and_the_caller_records_not_reached()
    {
        var w = await CareWorld.StartAsync(app);
        var (aliceEmail, aliceId) = await app.CreateAccountAsync("volunteer");
        var (bobEmail, _) = await app.CreateAccountAsync("volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("汪桂香", [aliceId!]);
        var admin = await w.AdminAsync();
        var put = await admin.PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence = "daily", at = "09:00", channel = "call" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("coordinator", (await put.JsonAsync())["plan"]!["channelReason"]!.GetValue<string>());

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        Assert.Equal(CareChannel.Call, checkIn.Channel);
        Assert.DoesNotContain(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.CheckIn);
        var url = $"/api/checkins/{checkIn.Id}/call";
        // Signed in now: the moved clock would have expired an earlier session.
        var alice = await app.SignInAsync(aliceEmail, AppFactory.AccountPassword);
        var bob = await app.SignInAsync(bobEmail, AppFactory.AccountPassword);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync(url, new { outcome = "notReached" })).StatusCode);
        var bad = await alice.PostAsJsonAsync(url, new { });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ErrorsAsync()).ContainsKey("outcome"));
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync(url, new { outcome = "notReached" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync(url, new { outcome = "notReached" })).StatusCode);
        Assert.Equal(IncidentKind.CallNotReached, (await w.OnlyIncidentAsync(retireeId)).Kind);
    }
}

/// <summary>A number that stops taking SMS: the second failure in a row moves the plan to calls, with one incident.</summary>
public class UndeliverableNumberTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Two_undelivered_check_ins_in_a_row_move_the_plan_to_calls_with_one_incident()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("汤志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("易秀珍", [volunteerId]);
        await w.PlanAsync(retireeId);
        var replies = app.Services.GetRequiredService<CareReplies>();

        for (var d = 1; d <= 2; d++)
        {
            await w.AtAsync(CareWorld.Day(d), "09:00");
            var checkIn = (await w.CheckInAsync(CareWorld.Day(d), retireeId))!;
            await replies.OnDeliveryFailedAsync($"checkin:{checkIn.Id}", retireePhone, "number suspended", CancellationToken.None);
            await replies.OnDeliveryFailedAsync($"checkin:{checkIn.Id}", retireePhone, "number suspended", CancellationToken.None);
        }
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(IncidentKind.Undelivered, incident.Kind);
        var plan = (await app.Services.GetRequiredService<CarePlanStore>().GetAsync(retireeId, CancellationToken.None))!.Value.Plan;
        Assert.Equal((CareChannel.Call, ChannelReasons.Undeliverable), (plan.Channel, plan.ChannelReason));

        await w.AtAsync(CareWorld.Day(3), "09:00");
        Assert.Equal(CareChannel.Call, (await w.CheckInAsync(CareWorld.Day(3), retireeId))!.Channel);
        Assert.Contains(w.Sms.To(volunteerPhone), m => m.TemplateId == CareTemplates.CallTask);
        Assert.Single(await w.OpenIncidentsAsync(retireeId));
    }
}

/// <summary>Resolving as hospitalised records it in the registry and holds check-ins until a coordinator resumes them.</summary>
public class HospitalisedResolutionTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Hospitalised_sets_the_status_and_holds_check_ins()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("程志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("龚国强", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        var incident = await w.OnlyIncidentAsync(retireeId);

        var admin = await w.AdminAsync();
        var resolved = await admin.PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "hospitalised", note = "邻居说昨晚送医院了" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var retiree = (await app.Services.GetRequiredService<Afterglow.App.Retirees.RetireeStore>().GetAsync(retireeId, CancellationToken.None))!.Value.Retiree;
        Assert.Equal(Afterglow.Domain.Registry.RetireeStatus.Hospitalised, retiree.Profile.Status);

        var before = w.Sms.To(retireePhone).Count;
        await w.AtAsync(day.AddDays(1), "09:00");
        await w.AtAsync(day.AddDays(2), "09:00");
        Assert.Equal(before, w.Sms.To(retireePhone).Count);
    }
}
