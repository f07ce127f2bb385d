using Afterglow.App.CheckIns;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Afterglow.Tests.Storage;

/// <summary>
/// The process dies at its Nth storage call: before the call leaves (the write never happens) or after it was
/// answered (the write happened, the process never learned). From then on every call fails, as in a dead process,
/// until the harness "restarts" it: a new app on the same storage, nothing kept in memory.
/// </summary>
public sealed class CrashSwitch(int crashAt, bool afterSend) : HttpPipelinePolicy
{
    private int _calls;
    public volatile bool Dead;
    public int Calls => _calls;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Dead) throw new CrashedException();
        var n = Interlocked.Increment(ref _calls);
        if (n == crashAt && !afterSend) { Dead = true; throw new CrashedException(); }
        await ProcessNextAsync(message, pipeline);
        if (n == crashAt && afterSend) { Dead = true; throw new CrashedException(); }
    }
}

public sealed class CrashedException() : Exception("The process was killed here.");

/// <summary>One life of the app: the real outbox, sweep and dispatcher on shared storage, the gateway outside it.</summary>
public sealed class CrashLifeFactory(string prefix, PhoneNetwork network, CrashSwitch crash, DateTimeOffset now) : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Storage:Prefix"] = prefix };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Clock.SetUtcNow(now);
        builder.ConfigureServices(s =>
        {
            s.Replace(ServiceDescriptor.Singleton<ISmsGateway>(network));
            s.Replace(ServiceDescriptor.Singleton(sp => new StorageAccount(StorageOptions.Read(sp.GetRequiredService<IConfiguration>()), crash)));
        });
    }
}

public class CrashInjectionTests(ITestOutputHelper output)
{
    // Scenarios of this many retirees; AFTERGLOW_CRASH_SCENARIOS raises the count for the benchmark run (docs/benchmarks.md).
    private const int Retirees = 3;
    private static readonly string[] Ticks = ["08:59", "09:00", "09:01", "09:02", "09:03", "10:59", "11:00", "11:01", "11:02", "11:03", "11:30", "11:31", "11:59", "12:00", "12:01", "12:02", "12:03"];
    private static readonly string[] Settle = ["12:10", "12:20", "12:30"];

    [Fact]
    public async Task Killed_at_many_points_during_sweeps_dispatch_and_escalation_every_SMS_goes_once_and_every_step_once_in_order()
    {
        var scenarios = int.TryParse(Environment.GetEnvironmentVariable("AFTERGLOW_CRASH_SCENARIOS"), out var s) ? s : 2;
        var random = new Random(20261202);
        var points = new HashSet<(int Tick, int Call, bool After)>();
        var callsAt = new Dictionary<int, int>();
        var kills = 0;
        var network = new PhoneNetwork();
        var expected = new Dictionary<string, int>();
        var checks = new List<(string Prefix, List<string> Retirees)>();
        for (var scenario = 0; scenario < scenarios; scenario++)
        {
            var prefix = "crash" + Guid.NewGuid().ToString("N")[..8];
            var day = CareWorld.Day(1);
            var retirees = new List<string>();
            await using (var setup = new CrashLifeFactory(prefix, network, new CrashSwitch(0, false), new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero)))
            {
                var w = new SmsWorld(setup);
                for (var n = 0; n < Retirees; n++)
                {
                    var (volunteerId, volunteerPhone) = await w.PersonAsync($"志愿{n}", "volunteer");
                    var (retireeId, retireePhone) = await w.RetireeAsync($"老人{n}", [volunteerId]);
                    await w.PlanAsync(retireeId);
                    retirees.Add(retireeId);
                    expected[retireePhone] = 3;   // the check-in, the two reminders (levels 1 and 2)
                    expected[volunteerPhone] = 1; // the level-3 request to call
                }
            }
            for (var t = 0; t < Ticks.Length + Settle.Length; t++)
            {
                var settling = t >= Ticks.Length;
                var at = CareWorld.Local(day, settling ? Settle[t - Ticks.Length] : Ticks[t]);
                // Each tick dies twice, at points not used before (a call number within what the tick made in a clean
                // run of an earlier scenario), then runs in a clean life; the settling runs are clean.
                for (var life = 0; ; life++)
                {
                    var crashes = !settling && life < 2;
                    var range = callsAt.GetValueOrDefault(t, 30);
                    (int Tick, int Call, bool After) point;
                    var tries = 0;
                    do point = (t, random.Next(1, range + 1), random.Next(2) == 0); while (crashes && points.Contains(point) && ++tries < 50);
                    var crash = crashes ? new CrashSwitch(point.Call, point.After) : new CrashSwitch(0, false);
                    await using var app = new CrashLifeFactory(prefix, network, crash, at);
                    var w = new SmsWorld(app);
                    try
                    {
                        await w.SweepAsync();
                        await w.DispatchAsync();
                        if (!crashes) { callsAt[t] = Math.Max(callsAt.GetValueOrDefault(t), crash.Calls); break; }
                        if (!crash.Dead) continue;
                    }
                    catch (Exception) when (crash.Dead) { }
                    kills++;
                    points.Add(point);
                }
            }
            checks.Add((prefix, retirees));
            await using (var final = new CrashLifeFactory(prefix, network, new CrashSwitch(0, false), CareWorld.Local(day, "12:30")))
            {
                var incidents = await final.Services.GetRequiredService<IncidentStore>().ListOpenAsync(CancellationToken.None);
                foreach (var retiree in retirees)
                {
                    var summary = Assert.Single(incidents, i => i.RetireeId == retiree);
                    var (incident, _) = (await final.Services.GetRequiredService<IncidentStore>().GetAsync(summary.Id, CancellationToken.None))!.Value;
                    Assert.Equal(3, incident.Level);
                    Assert.Equal([1, 2, 3], incident.Steps.Select(x => x.Level));
                    Assert.Equal(incident.Steps.Select(x => x.Number).Distinct().Count(), incident.Steps.Count);
                    Assert.All(incident.Steps, x => Assert.True(x.Sent));
                }
                var now = final.Clock.GetUtcNow();
                Assert.Null(await final.Services.GetRequiredService<OutboxStore>().OldestUnsentAsync(now, CancellationToken.None));
                Assert.Null(await final.Services.GetRequiredService<CheckInStore>().OldestDueAsync(now, CancellationToken.None));
            }
        }
        var lost = expected.Sum(e => Math.Max(0, e.Value - network.To(e.Key)));
        var duplicated = expected.Sum(e => Math.Max(0, network.To(e.Key) - e.Value));
        output.WriteLine($"scenarios: {scenarios}; kills: {kills} at {points.Count} different points; SMS expected: {expected.Values.Sum()}, " +
            $"delivered: {network.Delivered.Count}, lost: {lost}, duplicated: {duplicated}; gateway requests: {network.Requests}, resends recognised by repeatability id: {network.Resends}");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(expected.Values.Sum(), network.Delivered.Count);
        Assert.True(kills >= scenarios * 5, $"only {kills} kills");
    }
}
