using Afterglow.App.CheckIns;
using Afterglow.App.Health;
using Afterglow.App.Hosting;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Afterglow.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Health;

/// <summary>
/// The engine tells a person when it is stuck: one SMS to the coordinator on duty, one reminder after the set
/// time, nothing more until it has recovered and broken again.
/// </summary>
public class EngineAlarmTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private Task<string> Watch() =>
        app.Services.GetRequiredService<CareWatch>().RunAsync(new TimerInvocation(CareWatch.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

    [Fact]
    public async Task A_stalled_sweep_alerts_the_coordinator_once_reminds_once_and_alerts_again_only_after_recovering()
    {
        var w = await CareWorld.StartAsync(app);
        var (_, zhPhone) = await w.PersonAsync("值班老师", "staff");
        var day = CareWorld.Day(3);
        List<CareMessage> Alerts(string phone) => w.Sms.To(phone).Where(m => m.Key.StartsWith("engine:", StringComparison.Ordinal)).ToList();

        await w.AtAsync(day, "02:00");
        Assert.Equal("All well.", await Watch());
        Assert.Empty(Alerts(zhPhone));

        // No sweep for six minutes: the watch names the sweep, and the coordinator hears it in their language.
        app.Clock.SetUtcNow(CareWorld.Local(day, "02:06"));
        Assert.Contains("sweep", await Watch());
        var alert = Assert.Single(Alerts(zhPhone));
        Assert.Equal(CareTemplates.WatchAlert, alert.TemplateId);
        Assert.Contains("平安短信巡检已停止", alert.Text);
        Assert.True(alert.IgnoreQuietHours);

        // Still stuck: nothing more until the reminder is due (60 minutes after the alert), then exactly one.
        foreach (var time in new[] { "02:16", "02:26", "03:05" }) { app.Clock.SetUtcNow(CareWorld.Local(day, time)); await Watch(); }
        Assert.Single(Alerts(zhPhone));
        app.Clock.SetUtcNow(CareWorld.Local(day, "03:06"));
        await Watch();
        Assert.Equal(2, Alerts(zhPhone).Count);
        Assert.Contains("仍未恢复", Alerts(zhPhone)[1].Text);
        foreach (var time in new[] { "04:06", "06:06", "09:06" }) { app.Clock.SetUtcNow(CareWorld.Local(day, time)); await Watch(); }
        Assert.Equal(2, Alerts(zhPhone).Count);

        // The sweep runs again: healthy, the episode ends (stored for every instance).
        await w.AtAsync(day, "09:10");
        Assert.Equal("All well.", await Watch());
        var state = await app.Services.GetRequiredService<CheckInStore>().GetMetaAsync<EngineAlarmState>(EngineAlarm.MetaKey, CancellationToken.None);
        Assert.NotNull(state!.RecoveredAt);
        Assert.Equal(2, Alerts(zhPhone).Count);

        // It breaks again: a new alert.
        app.Clock.SetUtcNow(CareWorld.Local(day, "09:20"));
        await Watch();
        Assert.Equal(3, Alerts(zhPhone).Count);
        Assert.DoesNotContain("仍未恢复", Alerts(zhPhone)[2].Text);
    }

}

/// <summary>A second instance (or a restarted one) reads the stored episode: no second alert.</summary>
public class EngineAlarmInstancesTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private Task<string> Watch() =>
        app.Services.GetRequiredService<CareWatch>().RunAsync(new TimerInvocation(CareWatch.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

    [Fact]
    public async Task A_new_process_continues_the_stored_episode_instead_of_alerting_again()
    {
        var w = await CareWorld.StartAsync(app);
        var (_, phone) = await w.PersonAsync("接班老师", "staff");
        var day = CareWorld.Day(5);
        await w.AtAsync(day, "02:00");
        app.Clock.SetUtcNow(CareWorld.Local(day, "02:07"));
        await Watch();
        var before = w.Sms.To(phone).Count(m => m.Key.StartsWith("engine:", StringComparison.Ordinal));
        Assert.Equal(1, before);

        // Another instance (its own memory empty) runs the same alarm on the same storage: it reads the stored episode.
        var fresh = ActivatorUtilities.CreateInstance<EngineAlarm>(app.Services);
        app.Clock.SetUtcNow(CareWorld.Local(day, "02:17"));
        var state = await fresh.RunAsync(CancellationToken.None);
        Assert.True(state!.Active);
        Assert.Equal(["sweep"], state.Problems.Select(p => p.Code).Distinct());
        Assert.Equal(1, w.Sms.To(phone).Count(m => m.Key.StartsWith("engine:", StringComparison.Ordinal)));
    }
}

/// <summary>
/// Storage itself is down, so the outbox cannot take the alert: it goes straight to the gateway, to the on-duty
/// phones read on the last run, once; the reminder likewise; nothing is sent twice when storage returns.
/// </summary>
public class EngineAlarmStorageDownTests
{
    [Fact]
    public async Task With_storage_down_the_alert_goes_straight_to_the_gateway_once_then_one_reminder()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var network = new PhoneNetwork();
        await using var app = new OutageAppFactory(azurite, network);
        var w = new SmsWorld(app);
        var (_, phone) = await w.PersonAsync("存储值班", "staff");
        var day = CareWorld.Day(7);
        var watch = w.Get<CareWatch>();
        Task<string> Watch() => watch.RunAsync(new TimerInvocation(CareWatch.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

        w.At(day, "10:00");
        await w.SweepAsync();
        Assert.Equal("All well.", await Watch());

        await azurite.KillAsync();
        w.At(day, "10:01");
        Assert.Contains("not reachable", await Watch());
        Assert.Equal(1, network.To(phone));
        Assert.Contains(network.Delivered, d => d.To == phone && d.Text.Contains("数据存储无法访问", StringComparison.Ordinal));
        w.At(day, "10:11");
        await Watch();
        w.At(day, "10:51");
        await Watch();
        Assert.Equal(1, network.To(phone));
        w.At(day, "11:01");
        await Watch();
        Assert.Equal(2, network.To(phone));

        // Storage is back: healthy once the sweep runs; the episode ends without another SMS.
        await azurite.StartAsync();
        w.At(day, "11:02");
        await w.SweepAsync();
        await w.DispatchAsync();
        Assert.Equal("All well.", await Watch());
        await w.DispatchAsync();
        Assert.Equal(2, network.To(phone));
        Assert.Equal(0, network.Resends);
    }
}
