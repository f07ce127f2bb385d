using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>New retirees get a plan from their tier without anyone adjusting it; archived ones stop and resume.</summary>
public class CarePlanRefreshTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_refresh_derives_plans_stops_them_for_the_archived_and_resumes_them()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("刷新志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("刷新老人", [volunteerId]);
        var refresh = app.Services.GetRequiredService<CarePlanRefresh>();
        Task<string> Refresh() => refresh.RunAsync(new TimerInvocation(CarePlanRefresh.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);
        var plans = app.Services.GetRequiredService<CarePlanStore>();

        await Refresh();
        var plan = (await plans.GetAsync(retireeId, CancellationToken.None))!.Value.Plan;
        Assert.Equal(Cadence.Daily, plan.Cadence);
        Assert.False(plan.Custom);
        Assert.Equal(CareWorld.Local(CareWorld.Day(1), "09:00"), plan.NextDueUtc);
        Assert.StartsWith("0 care plans created, 0 changed", await Refresh());

        var store = app.Services.GetRequiredService<RetireeStore>();
        async Task SetStatus(RetireeStatus status)
        {
            var found = (await store.GetAsync(retireeId, CancellationToken.None))!.Value;
            await store.ReplaceAsync(retireeId, found.Retiree.Profile with { Status = status }, found.ETag, Caller.System, "retiree.update", CancellationToken.None);
        }
        await SetStatus(RetireeStatus.Archived);
        await Refresh();
        Assert.Equal(PlanState.Stopped, (await plans.GetAsync(retireeId, CancellationToken.None))!.Value.Plan.State);
        await w.AtAsync(CareWorld.Day(1), "09:00");
        Assert.Empty(w.Sms.To(retireePhone));

        await SetStatus(RetireeStatus.Active);
        await Refresh();
        plan = (await plans.GetAsync(retireeId, CancellationToken.None))!.Value.Plan;
        Assert.Equal(PlanState.Active, plan.State);
        Assert.Equal(CareWorld.Local(CareWorld.Day(2), "09:00"), plan.NextDueUtc);
        await w.AtAsync(CareWorld.Day(2), "09:00");
        Assert.Single(w.Sms.To(retireePhone));
    }
}
