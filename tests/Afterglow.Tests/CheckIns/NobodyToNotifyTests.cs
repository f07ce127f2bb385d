using Afterglow.Domain.CheckIns;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// An office with nobody yet to notify (no volunteer, liaison, coordinator or family): the empty levels are
/// passed at once in one sweep, and the last level asks again every hour instead of burning its repeats.
/// </summary>
public class NobodyToNotifyTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Empty_levels_are_passed_in_one_sweep_and_the_visit_level_waits_for_someone_to_be_on_duty()
    {
        var w = await CareWorld.StartAsync(app);
        var (retireeId, _) = await w.RetireeAsync("孙独居", []);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        Assert.Equal(1, (await w.OnlyIncidentAsync(retireeId)).Level);
        await w.AtAsync(day, "11:30");
        Assert.Equal(2, (await w.OnlyIncidentAsync(retireeId)).Level);

        // Volunteers, liaison and duty, family: nobody at each, so the ladder reaches the visit level at once.
        await w.AtAsync(day, "12:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal([1, 2, 3, 4, 5, 6], incident.Steps.Select(s => s.Level));
        Assert.All(incident.Steps, s => Assert.True(s.Sent));
        Assert.Equal(CareWorld.Local(day, "13:00"), incident.NextAt);

        // An hour later it asks again (round 2), still nobody; then a coordinator is added and the next round reaches them.
        await w.AtAsync(day, "13:00");
        incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(7, incident.Steps.Count);
        Assert.Equal(2, incident.Steps[^1].Round);
        var (_, coordinatorPhone) = await w.PersonAsync("周主任", "staff");
        await w.AtAsync(day, "14:00");
        var visit = Assert.Single(w.Sms.To(coordinatorPhone));
        Assert.Equal(EscalationTarget.OnSiteVisit, (await w.OnlyIncidentAsync(retireeId)).Steps[^1].Target);
        Assert.True(visit.IgnoreQuietHours);
    }
}
