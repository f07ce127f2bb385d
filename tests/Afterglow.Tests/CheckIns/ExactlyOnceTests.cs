using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// Two timer instances on one storage account (as Azure runs them when it scales out), each running the sweep
/// twice at once, and a reply racing a step: no level twice, none skipped, one SMS per recipient and level.
/// </summary>
public class TwoTimerInstancesTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Concurrent_sweeps_on_two_instances_take_every_level_exactly_once()
    {
        await using var other = new CareAppFactory { SharedPrefix = app.Prefix, Sms = app.Sms };
        var w = await CareWorld.StartAsync(app);
        var (_, liaisonPhone) = await w.PersonAsync("两实例联络", "liaison", "twin");
        var (_, coordinatorPhone) = await w.PersonAsync("两实例老师", "staff");
        var people = new List<(string RetireeId, string RetireePhone, string VolunteerPhone)>();
        for (var i = 0; i < 8; i++)
        {
            var (volunteerId, volunteerPhone) = await w.PersonAsync($"志愿{i}", "volunteer");
            var (retireeId, retireePhone) = await w.RetireeAsync($"老人{i}", [volunteerId], "twin");
            await w.PlanAsync(retireeId);
            people.Add((retireeId, retireePhone, volunteerPhone));
        }
        var answering = people.Take(3).ToList();
        var racing = people[3];
        var silent = people.Skip(4).ToList();

        var day = CareWorld.Day(1);
        async Task At(string time, Func<Task>? alongside = null)
        {
            var t = CareWorld.Local(day, time);
            app.Clock.SetUtcNow(t);
            other.Clock.SetUtcNow(t);
            await Task.WhenAll(CareWorld.SweepOn(app), CareWorld.SweepOn(other), CareWorld.SweepOn(app), CareWorld.SweepOn(other), alongside?.Invoke() ?? Task.CompletedTask);
        }
        var otherReplies = other.Services.GetRequiredService<CareReplies>();

        await At("09:00");
        await At("09:30", () => Task.WhenAll(answering.Select(p => otherReplies.HandleAsync(p.RetireePhone, "1", CancellationToken.None))));
        await At("11:00");
        await At("11:30");
        // One reply lands while both instances are taking level 3 (her volunteer) for her.
        await At("12:00", () => otherReplies.HandleAsync(racing.RetireePhone, "1", CancellationToken.None));
        await At("12:00");
        await At("13:00");
        await At("14:00");

        foreach (var p in people)
            Assert.Single(w.Sms.To(p.RetireePhone), m => m.TemplateId == CareTemplates.CheckIn);
        foreach (var p in answering)
        {
            Assert.Empty(await w.OpenIncidentsAsync(p.RetireeId));
            Assert.Empty(w.Sms.To(p.VolunteerPhone));
        }
        foreach (var p in silent)
        {
            var incident = await w.OnlyIncidentAsync(p.RetireeId);
            Assert.Equal([1, 2, 3, 4, 5, 6], incident.Steps.Select(s => s.Level));
            Assert.Equal([1, 2, 3, 4, 5, 6], incident.Steps.Select(s => s.Number));
            Assert.All(incident.Steps, s => Assert.True(s.Sent));
            Assert.Single(w.Sms.To(p.VolunteerPhone));
            Assert.Equal(2, w.Sms.To(p.RetireePhone).Count(m => m.TemplateId == CareTemplates.Reminder));
        }
        // The liaison hears once per silent retiree; the coordinator once at level 4 and once at level 6.
        Assert.Equal(silent.Count, w.Sms.To(liaisonPhone).Count);
        Assert.Equal(silent.Count, w.Sms.To(coordinatorPhone).Count(m => m.TemplateId == CareTemplates.Visit));

        // The race ends resolved either way; if her volunteer was alerted, the volunteer also heard it is over.
        Assert.Empty(await w.OpenIncidentsAsync(racing.RetireeId));
        var toRacingVolunteer = w.Sms.To(racing.VolunteerPhone);
        Assert.True(toRacingVolunteer.Count == 0 || toRacingVolunteer.Select(m => m.TemplateId).SequenceEqual([CareTemplates.Alert, CareTemplates.Closing]),
            string.Join(", ", toRacingVolunteer.Select(m => m.TemplateId)));
    }
}

/// <summary>A crash between writing a step and queuing its messages: the next run sends the same messages, no level skipped.</summary>
public class CrashBetweenStepsTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_step_whose_messages_failed_to_queue_is_finished_by_the_next_sweep_and_the_ladder_keeps_its_times()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("崩溃志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("崩溃联络", "liaison", "crash");
        var (retireeId, _) = await w.RetireeAsync("秦老师", [volunteerId], "crash");
        await w.PlanAsync(retireeId);
        w.Sms.FailOnce = m => m.To == volunteerPhone && m.Key.StartsWith("esc:", StringComparison.Ordinal);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        await w.AtAsync(day, "12:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(3, incident.Level);
        Assert.False(incident.Steps[^1].Sent);
        Assert.Empty(w.Sms.To(volunteerPhone));

        await w.AtAsync(day, "12:01");
        incident = await w.IncidentAsync(incident.Id);
        Assert.True(incident.Steps[^1].Sent);
        Assert.Single(w.Sms.To(volunteerPhone));
        // Level 4 still counts its hour from when level 3 started, and comes once.
        await w.AtAsync(day, "12:59");
        Assert.Empty(w.Sms.To(liaisonPhone));
        await w.AtAsync(day, "13:00");
        Assert.Single(w.Sms.To(liaisonPhone));
        Assert.Equal([1, 2, 3, 4], (await w.IncidentAsync(incident.Id)).Steps.Select(s => s.Level));
    }
}
