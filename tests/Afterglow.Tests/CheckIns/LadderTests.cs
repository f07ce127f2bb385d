using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// DOMAIN.md 4: an 80-year-old man living alone, no relatives, silent. The system must reach a human within
/// hours, walk every level once, and keep the whole timeline.
/// </summary>
public class LadderTests : IClassFixture<CareAppFactory>
{
    private readonly CareAppFactory _app;
    public LadderTests(CareAppFactory app) => _app = app;

    [Fact]
    public async Task A_man_living_alone_who_falls_silent_walks_the_whole_ladder_and_a_person_knows_within_hours()
    {
        var w = await CareWorld.StartAsync(_app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("王志愿", "volunteer");
        var (liaisonId, liaisonPhone) = await w.PersonAsync("赵联络", "liaison", "east");
        var (_, coordinatorPhone) = await w.PersonAsync("钱老师", "staff");
        var (retireeId, retireePhone) = await w.RetireeAsync("李建国", [volunteerId], "east");
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        Assert.Equal(CheckInStatus.Sent, checkIn.Status);
        var request = Assert.Single(w.Sms.To(retireePhone));
        Assert.Equal(CareTemplates.CheckIn, request.TemplateId);
        Assert.Contains("回复1表示平安", request.Text);
        Assert.False(request.IgnoreQuietHours);

        // The answer window (2 h) runs out: missed, an incident with a code, and a reminder to him.
        await w.AtAsync(day, "10:59");
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
        await w.AtAsync(day, "11:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Matches("^[1-9][0-9]{3}$", incident.Code);
        Assert.Equal(1, incident.Level);
        Assert.Equal(CareTemplates.Reminder, w.Sms.To(retireePhone).Last().TemplateId);
        Assert.Equal(CheckInStatus.Missed, (await w.CheckInAsync(day, retireeId))!.Status);

        // +30 min: a second reminder to him, still nobody else.
        await w.AtAsync(day, "11:29");
        Assert.Single(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Reminder);
        await w.AtAsync(day, "11:30");
        Assert.Equal(2, w.Sms.To(retireePhone).Count(m => m.TemplateId == CareTemplates.Reminder));
        Assert.Equal(2, (await w.IncidentAsync(incident.Id)).Level);
        Assert.Empty(w.Sms.To(volunteerPhone));

        // +1 h from the window's end: his volunteer, asked to call and to answer with the code. Staff messages ignore quiet hours.
        await w.AtAsync(day, "12:00");
        var toVolunteer = Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Contains($"OK {incident.Code}", toVolunteer.Text);
        Assert.Contains(new Afterglow.Domain.Phones.PhoneNumberRules("CN").Display(retireePhone), toVolunteer.Text); // "138 0013 8000", dialable as written
        Assert.True(toVolunteer.IgnoreQuietHours);
        Assert.True(CareWorld.Local(day, "12:00") - checkIn.DueAt <= TimeSpan.FromHours(3), "A person must be asked within three hours of the check-in.");

        // +1 h: the area's liaison and the coordinator (nobody on the roster: every coordinator).
        await w.AtAsync(day, "12:59");
        Assert.Empty(w.Sms.To(liaisonPhone));
        await w.AtAsync(day, "13:00");
        Assert.Single(w.Sms.To(liaisonPhone));
        Assert.Single(w.Sms.To(coordinatorPhone));

        // +1 h: no relatives consented (he has none), so the level is empty and the visit task goes out at once.
        await w.AtAsync(day, "14:00");
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(6, incident.Level);
        var visit = w.Sms.To(coordinatorPhone).Last();
        Assert.Equal(CareTemplates.Visit, visit.TemplateId);
        Assert.Contains("东区12栋3单元401", visit.Text);

        // The visit task repeats every hour until someone acknowledges.
        await w.AtAsync(day, "15:00");
        Assert.Equal(2, w.Sms.To(coordinatorPhone).Count(m => m.TemplateId == CareTemplates.Visit));

        // The coordinator goes, and answers with the code: the ladder stops.
        w.App.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await w.ReplyAsync(coordinatorPhone, $"ok {incident.Code}"));
        await w.AtAsync(day, "17:00");
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
        Assert.Equal(2, w.Sms.To(coordinatorPhone).Count(m => m.TemplateId == CareTemplates.Visit));
        Assert.True(incident.Acknowledged!.At - checkIn.DueAt < TimeSpan.FromHours(7));

        // Resolved in the dashboard: everyone who was notified gets a closing SMS; he does not.
        var resolved = await (await w.AdminAsync()).PostAsJsonAsync($"/api/incidents/{incident.Id}/resolve", new { outcome = "visited", note = "Found weak on the floor; ambulance called." });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var detail = await resolved.JsonAsync();
        Assert.Equal("resolved", detail["status"]!.GetValue<string>());
        foreach (var phone in new[] { volunteerPhone, liaisonPhone, coordinatorPhone })
            Assert.Equal(CareTemplates.Closing, w.Sms.To(phone).Last().TemplateId);
        Assert.DoesNotContain(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Closing);

        // The whole timeline, in order.
        var kinds = detail["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal("opened", kinds[0]);
        Assert.Equal(7, kinds.Count(k => k == "level"));
        Assert.Contains("acknowledged", kinds);
        Assert.Equal("resolved", kinds[^1]);
        var levels = detail["steps"]!.AsArray().Select(s => s!["level"]!.GetValue<int>()).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 6], levels);

        // Closed incidents are listed as such, and its code is free again.
        var closed = await (await (await w.AdminAsync()).GetAsync("/api/incidents?status=closed")).JsonArrayAsync();
        Assert.Contains(closed, c => c!["id"]!.GetValue<string>() == incident.Id && c["outcome"]!.GetValue<string>() == "visited");
        Assert.Equal(0, w.Sms.Repeats);
    }
}

/// <summary>A reply that arrives between two levels: it counts late, closes what it opened, and stops the ladder.</summary>
public class ReplyBetweenLevelsTests : IClassFixture<CareAppFactory>
{
    private readonly CareAppFactory _app;
    public ReplyBetweenLevelsTests(CareAppFactory app) => _app = app;

    [Fact]
    public async Task A_reply_between_two_levels_closes_the_incident_and_the_next_level_never_goes_out()
    {
        var w = await CareWorld.StartAsync(_app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("孙志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("周联络", "liaison", "west");
        var (retireeId, retireePhone) = await w.RetireeAsync("陈淑芬", [volunteerId], "west");
        await w.PlanAsync(retireeId, at: "08:30");

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "08:30");
        await w.AtAsync(day, "10:30");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(3, incident.Level);
        Assert.Single(w.Sms.To(volunteerPhone));

        // She answers late, between level 2 and level 3: it still counts, and closes what it opened.
        await w.AtAsync(day, "12:10");
        Assert.True(await w.ReplyAsync(retireePhone, "１"));
        incident = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(IncidentOutcome.Well, incident.Resolution!.Outcome);
        Assert.Equal(CheckInStatus.Answered, (await w.CheckInAsync(day, retireeId))!.Status);
        Assert.Equal(CareTemplates.Closing, w.Sms.To(volunteerPhone).Last().TemplateId);

        await w.AtAsync(day, "12:30");
        await w.AtAsync(day, "14:00");
        Assert.Empty(w.Sms.To(liaisonPhone));
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
    }
}
