using Afterglow.App.Configuration;
using System.Net;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Health;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Afterglow.Tests.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.Tests.Health;

internal static class Health
{
    /// <summary>GET /api/health: the status and the reason codes (none when healthy).</summary>
    public static async Task<(HttpStatusCode Status, string[] Reasons, JsonObject Body)> GetAsync(AppFactory app)
    {
        var response = await app.Anonymous().GetAsync("/api/health");
        var body = await response.JsonAsync();
        var reasons = body["reasons"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];
        return (response.StatusCode, reasons, body);
    }
}

/// <summary>The check-in sweep stops completing: health says so after the threshold, and recovers with the next run.</summary>
public class SweepStallTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_sweep_that_has_not_completed_for_several_minutes_is_503_naming_the_sweep()
    {
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(App)).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(App)).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var (status, reasons, body) = await Health.GetAsync(App);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["sweep"], reasons);
        Assert.Contains("sweep", body["detail"]!.GetValue<string>());

        await App.Services.GetRequiredService<CheckInSweep>().RunAsync(new(CheckInSweep.FunctionName, App.Clock.GetUtcNow(), false, null), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(App)).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(["sweep"], (await Health.GetAsync(App)).Reasons);
    }
}

/// <summary>Queuing care messages fails while <see cref="Down"/> is set (the outbox's storage is away).</summary>
public sealed class FlakyCareFactory : CareAppFactory
{
    public volatile bool Down;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<ICareMessages>(new Flaky(this))));
    }

    private sealed class Flaky(FlakyCareFactory f) : ICareMessages
    {
        public Task QueueAsync(CareMessage message, CancellationToken ct) =>
            f.Down ? throw new IOException("The outbox is unreachable.") : f.Sms.QueueAsync(message, ct);
    }
}

/// <summary>An escalation step that keeps failing is retried by every sweep and shows in health until it goes through.</summary>
public class EscalationStallTests(FlakyCareFactory app) : IClassFixture<FlakyCareFactory>
{
    [Fact]
    public async Task A_failing_escalation_step_is_retried_and_surfaced_as_overdue_then_taken_once()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("王志愿", "volunteer");
        var (retireeId, _) = await w.RetireeAsync("李建国", [volunteerId], "east");
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        await w.AtAsync(day, "11:30");
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(app)).Status);

        // The volunteer's step falls due at 12:00 while queuing fails: every sweep tries again.
        app.Down = true;
        foreach (var time in new[] { "12:00", "12:05", "12:09" }) await w.AtAsync(day, time);
        Assert.Empty(w.Sms.To(volunteerPhone));
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(app)).Status);
        await w.AtAsync(day, "12:11");
        var (status, reasons, body) = await Health.GetAsync(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["escalation"], reasons);
        Assert.Contains(incident.Code, body["detail"]!.GetValue<string>());

        app.Down = false;
        await w.AtAsync(day, "12:12");
        await w.AtAsync(day, "12:13");
        Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Equal(3, (await w.OnlyIncidentAsync(retireeId)).Level);
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(app)).Status);
    }
}

public sealed class DownGatewayFactory : SmsAppFactory
{
    public volatile bool Down;
    public DownGatewayFactory() => WrapGateway = (_, inner) => new Gate(this, inner);

    private sealed class Gate(DownGatewayFactory f, ISmsGateway inner) : ISmsGateway
    {
        public Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct) =>
            f.Down ? throw new Azure.RequestFailedException(503, "The gateway is down.") : inner.SendAsync(request, ct);
        public Task SettleAsync(CancellationToken ct) => inner.SettleAsync(ct);
    }
}

/// <summary>SMS that cannot go out for half an hour: health names the outbox; once the gateway is back, all is well.</summary>
public class OutboxStallTests(DownGatewayFactory app) : IClassFixture<DownGatewayFactory>
{
    [Fact]
    public async Task The_oldest_unsent_SMS_too_old_is_503_naming_the_outbox()
    {
        var w = new SmsWorld(app);
        var phone = CareWorld.NewPhone();
        app.Down = true;
        var m = await w.QueueAsync(SmsWorld.Notice(phone, "你好", $"stall:{Guid.NewGuid():N}"));
        for (var minute = 0; minute <= 29; minute += 1)
        {
            await w.SweepAsync();
            await w.DispatchAsync();
            Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(app)).Status);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.SweepAsync();
        await w.DispatchAsync();
        var (status, reasons, body) = await Health.GetAsync(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["outbox"], reasons);
        Assert.Contains("503", body["detail"]!.GetValue<string>());

        app.Down = false;
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await w.SweepAsync();
        await w.DispatchAsync();
        Assert.Contains((await w.MessageAsync(m.Key)).State, new[] { SmsState.Sent, SmsState.Delivered });
        Assert.Equal(HttpStatusCode.OK, (await Health.GetAsync(app)).Status);
    }
}

public class HealthOptionsTests
{
    private static HealthOptions Read(IConfiguration config) => Afterglow.App.Configuration.Settings.Read<HealthOptions>(config, HealthOptions.Section, (c, o) => c.Bind(o));

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Defaults_are_valid_and_settings_in_minutes_are_read()
    {
        Assert.Empty(new HealthOptions().Problems());
        var o = Read(Config(("Health:SweepStaleMinutes", "7"), ("Health:StepOverdueMinutes", "20"), ("Health:OutboxStaleMinutes", "45.5")));
        Assert.Equal(TimeSpan.FromMinutes(7), o.SweepStaleAfter);
        Assert.Equal(TimeSpan.FromMinutes(20), o.StepOverdueAfter);
        Assert.Equal(TimeSpan.FromMinutes(45.5), o.OutboxStaleAfter);
    }

    [Theory]
    [InlineData("Health:SweepStaleMinutes", "1")]
    [InlineData("Health:StepOverdueMinutes", "0")]
    [InlineData("Health:OutboxStaleMinutes", "-5")]
    [InlineData("Health:OutboxStaleMinutes", "100000")]
    [InlineData("Health:SweepStaleMinutes", "soon")]
    [InlineData("Health:StepOverdueMinutes", "NaN")]
    public void A_threshold_out_of_range_or_not_a_number_stops_the_start_naming_the_setting(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read(Config((key, value))));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public Task The_app_does_not_start_with_a_bad_threshold() =>
        FailingStart.AssertStopsSayingAsync("Health:SweepStaleMinutes", "Development", ("Health:SweepStaleMinutes", "1"));
}
