using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// Issue 10's alert load: the default ladder reminds the retiree twice, half an hour apart, before a person is asked,
/// and still asks the volunteer an hour after the window closes — a forgetful morning ends with the retiree, a real
/// silence reaches a person no later than with one reminder.
/// </summary>
public class SecondReminderTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_retiree_who_answers_the_second_reminder_is_never_reported_to_a_person()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("二提醒志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("二提醒联络", "liaison", "second");
        var (retireeId, retireePhone) = await w.RetireeAsync("潘桂兰", [volunteerId], "second");
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30" }) await w.AtAsync(day, t);
        Assert.Equal(2, w.Sms.To(retireePhone).Count(m => m.TemplateId == CareTemplates.Reminder));
        var incident = await w.OnlyIncidentAsync(retireeId);

        // She answers 20 minutes after the second reminder, before the volunteer's turn.
        await w.AtAsync(day, "11:50");
        await w.InboundAsync(retireePhone, "好的好的，刚看到");
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(CheckInStatus.Answered, (await w.CheckInAsync(day, retireeId))!.Status);

        foreach (var t in new[] { "12:00", "13:00", "14:00" }) await w.AtAsync(day, t);
        Assert.Empty(w.Sms.To(volunteerPhone));
        Assert.Empty(w.Sms.To(liaisonPhone));
        Assert.Equal([EscalationTarget.Retiree, EscalationTarget.Retiree], (await w.IncidentAsync(incident.Id)).Steps.Select(s => s.Target));
    }

}

/// <summary>An answer to the first reminder: no second one, nobody told.</summary>
public class FirstReminderAnsweredTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task An_answer_to_the_first_reminder_stops_the_second()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("一提醒志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("蒋振华", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:10");
        await w.InboundAsync(retireePhone, "1");

        foreach (var t in new[] { "11:30", "12:00", "13:00" }) await w.AtAsync(day, t);
        Assert.Single(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Reminder);
        Assert.Empty(w.Sms.To(volunteerPhone));
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
    }

}

/// <summary>Help is never held back by the reminders: it alerts at once, whenever it comes.</summary>
public class HelpDuringRemindersTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Help_in_answer_to_a_reminder_alerts_the_volunteer_and_the_coordinator_at_once()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("求助志愿", "volunteer");
        var (_, coordinatorPhone) = await w.PersonAsync("求助老师", "staff");
        var (retireeId, retireePhone) = await w.RetireeAsync("韦金花", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30" }) await w.AtAsync(day, t);
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "11:35"));
        await w.InboundAsync(retireePhone, "求助");

        // Not at the volunteer's turn (12:00): now, with no sweep in between.
        Assert.Equal(CareTemplates.HelpAlert, Assert.Single(w.Sms.To(volunteerPhone)).TemplateId);
        Assert.Equal(CareTemplates.HelpAlert, Assert.Single(w.Sms.To(coordinatorPhone)).TemplateId);
        var help = Assert.Single(await w.OpenIncidentsAsync(retireeId));
        Assert.Equal(IncidentKind.Help, help.Kind);
    }
}
