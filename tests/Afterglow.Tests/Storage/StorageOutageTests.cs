using System.Collections.Concurrent;
using System.Net;
using Afterglow.App.CheckIns;
using Afterglow.App.Health;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Afterglow.Tests.Storage;

/// <summary>
/// The phone network behind the gateway, in memory: like ACS it recognises a resend by its repeatability id and
/// does not deliver it again. It counts every request and every delivery, so a test sees both.
/// </summary>
public sealed class PhoneNetwork : ISmsGateway
{
    private readonly ConcurrentDictionary<string, bool> _seen = new();
    public ConcurrentQueue<(string To, string Text)> Delivered { get; } = new();
    public int Requests;
    public int Resends;

    public Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        Interlocked.Add(ref Requests, request.Recipients.Count);
        var results = new List<SmsSendResult>();
        foreach (var r in request.Recipients)
        {
            var first = _seen.TryAdd(r.RepeatabilityRequestId, true);
            if (first) Delivered.Enqueue((r.To, request.Message)); else Interlocked.Increment(ref Resends);
            results.Add(new SmsSendResult(r.To, true, 202, "net-" + r.RepeatabilityRequestId, null, first ? "accepted" : "rejected"));
        }
        return Task.FromResult<IReadOnlyList<SmsSendResult>>(results);
    }

    public int To(string phone) => Delivered.Count(d => d.To == phone);
}

/// <summary>The app on an Azurite of its own that the test stops and starts; SDK retries short so an outage fails fast.</summary>
public sealed class OutageAppFactory(AzuriteProcess azurite, PhoneNetwork network) : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:MaxRetries"] = "1",
        ["Storage:RetryDelaySeconds"] = "0.05",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<ISmsGateway>(network)));
    }
}

public class StorageOutageTests(ITestOutputHelper output)
{
    private const int Retirees = 6;

    [Fact]
    public async Task Storage_stopped_during_sweeps_dispatch_and_API_traffic_the_app_recovers_without_restart_and_loses_nothing()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var network = new PhoneNetwork();
        await using var app = new OutageAppFactory(azurite, network);
        var w = new SmsWorld(app);
        var people = new List<(string Retiree, string RetireePhone, string VolunteerPhone)>();
        for (var n = 0; n < Retirees; n++)
        {
            var (volunteerId, volunteerPhone) = await w.PersonAsync($"志愿{n}", "volunteer");
            var (retireeId, retireePhone) = await w.RetireeAsync($"老人{n}", [volunteerId]);
            await w.PlanAsync(retireeId);
            people.Add((retireeId, retireePhone, volunteerPhone));
        }
        var day = CareWorld.Day(1);
        w.At(day, "08:57");
        var admin = await w.AdminAsync(); // a session that lasts the morning
        var outages = new Dictionary<string, string> { ["09:00"] = "09:03", ["11:00"] = "11:02", ["12:00"] = "12:03" };
        var times = Minutes("08:58", "09:10").Concat(Minutes("10:58", "11:08")).Concat(Minutes("11:29", "11:33")).Concat(Minutes("11:58", "12:12")).ToList();
        var failedCalls = 0;
        var apiDuringOutage = new List<HttpStatusCode>();
        string? restartAt = null;
        foreach (var time in times)
        {
            w.At(day, time);
            if (restartAt == time) { await azurite.StartAsync(); restartAt = null; }
            var down = !azurite.IsRunning;
            var sweep = Try(() => w.SweepAsync());
            var dispatch = Try(() => w.DispatchAsync());
            var api = admin.GetAsync("/api/incidents?status=open");
            if (outages.TryGetValue(time, out var back))
            {
                // Storage goes away while the sweep, the dispatcher and a request are under way.
                await Task.Delay(Random.Shared.Next(5, 40));
                await azurite.KillAsync();
                restartAt = back;
            }
            failedCalls += (await sweep ? 0 : 1) + (await dispatch ? 0 : 1);
            var status = (await api).StatusCode;
            // A request that raced the stop may have finished first; one made while storage was away fails as a 5xx.
            if (down) apiDuringOutage.Add(status);
            else Assert.True(status == HttpStatusCode.OK || (restartAt is not null && (int)status >= 500), $"{time}: GET /api/incidents answered {(int)status}.");
        }
        // A last run with storage up: every SMS out, the ladder where it should be.
        w.At(day, "12:13");
        await w.SweepAsync();
        await w.DispatchAsync();

        Assert.True(failedCalls > 0, "the outages hit the sweep or the dispatcher");
        Assert.NotEmpty(apiDuringOutage);
        Assert.All(apiDuringOutage, s => Assert.True((int)s >= 500, $"an API call during the outage answered {(int)s}"));
        var incidents = await w.Get<IncidentStore>().ListOpenAsync(CancellationToken.None);
        foreach (var (retiree, retireePhone, volunteerPhone) in people)
        {
            // The check-in and the two reminders to the retiree, the level-3 request to the volunteer: each once.
            Assert.Equal(3, network.To(retireePhone));
            Assert.Equal(1, network.To(volunteerPhone));
            var incident = Assert.Single(incidents, i => i.RetireeId == retiree);
            Assert.Equal(3, incident.Level);
        }
        Assert.Null(await w.Get<OutboxStore>().OldestUnsentAsync(app.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/api/health")).StatusCode);
        output.WriteLine($"outages: {outages.Count}; failed runs: {failedCalls}; API answers during outages: {string.Join(",", apiDuringOutage.Select(s => (int)s))}; " +
            $"gateway requests: {network.Requests}, delivered: {network.Delivered.Count}, resends recognised: {network.Resends}");
    }

    private static IEnumerable<string> Minutes(string from, string to)
    {
        var t = TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        var end = TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        for (; t <= end; t = t.AddMinutes(1)) yield return t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> Try(Func<Task<string>> run)
    {
        try { await run(); return true; }
        catch (Exception) { return false; }
    }
}
