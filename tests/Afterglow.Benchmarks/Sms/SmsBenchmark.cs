using System.Diagnostics;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Benchmarks.CareSimulation;
using Afterglow.Tests.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Afterglow.Benchmarks.Sms;

/// <summary>The real app in this process, on Azurite, sending to the fake ACS server (the tests' one) at a given pace.</summary>
public sealed class SmsHost(string storage, string acs, int ratePerMinute, DateTimeOffset start) : WebApplicationFactory<CheckInSweep>
{
    static SmsHost() => Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_AFTERGLOW", AppContext.BaseDirectory);

    public FakeTimeProvider Clock { get; } = new(start);
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:ConnectionString", storage);
        builder.UseSetting("Storage:Prefix", "sms" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("Scheduler:Enabled", "false");
        builder.UseSetting("AFTERGLOW_WEB_ROOT", Path.Combine(AppContext.BaseDirectory, "no-web"));
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Sms:Gateway", "acs");
        builder.UseSetting("Acs:ConnectionString", acs);
        builder.UseSetting("Sms:From", "+18005550100");
        builder.UseSetting("Sms:RatePerMinute", ratePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}

/// <summary>
/// Issue 3's targets: a 10,000-recipient broadcast of one text through the fake ACS server — requests made,
/// time to queue, dispatch throughput with no pacing — and a paced sender held to its rate per minute.
/// </summary>
public static class SmsBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero); // 10:00 in the office: no quiet hours

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        await using var acs = await FakeAcsServer.StartAsync();

        await using (var host = new SmsHost(storage, acs.ConnectionString, 1_000_000, Start))
        {
            var id = await SeedAsync(host, count);
            var watch = Stopwatch.StartNew();
            var queued = await host.Get<BroadcastQueue>().QueueAsync(id, CancellationToken.None);
            var queueTime = watch.Elapsed;
            watch.Restart();
            var runs = await DispatchAllAsync(host, acs, queued);
            var dispatchTime = watch.Elapsed;
            Console.WriteLine($"broadcast of one text to {count:N0}: queued {queued:N0} in {queueTime.TotalSeconds:0.0} s");
            Console.WriteLine($"dispatch (unpaced): {acs.Phone.Count:N0} sent in {acs.Requests} requests, {runs} dispatcher runs, {dispatchTime.TotalSeconds:0.0} s = {acs.Phone.Count / dispatchTime.TotalSeconds:N0} SMS/s");
        }

        const int rate = 600;
        var pacedCount = 3_000;
        await using var paced = await FakeAcsServer.StartAsync();
        await using (var host = new SmsHost(storage, paced.ConnectionString, rate, Start))
        {
            var id = await SeedAsync(host, pacedCount);
            await host.Get<BroadcastQueue>().QueueAsync(id, CancellationToken.None);
            // The timer fires every minute; kicks come at any second. Step the clock 10 s at a time for six minutes.
            var perMinute = new SortedDictionary<DateTimeOffset, int>();
            var dispatcher = host.Get<SmsDispatcher>();
            for (var step = 0; step < 36 && paced.Phone.Count < pacedCount; step++)
            {
                var before = paced.Phone.Count;
                await dispatcher.RunAsync(new TimerInvocation(SmsDispatcher.FunctionName, host.Clock.GetUtcNow(), false, null), CancellationToken.None);
                var minute = new DateTimeOffset(host.Clock.GetUtcNow().UtcDateTime.Date.AddHours(host.Clock.GetUtcNow().Hour).AddMinutes(host.Clock.GetUtcNow().Minute), TimeSpan.Zero);
                perMinute[minute] = perMinute.GetValueOrDefault(minute) + paced.Phone.Count - before;
                host.Clock.Advance(TimeSpan.FromSeconds(10));
            }
            var full = perMinute.Values.Where(v => v > 0).ToList();
            Console.WriteLine($"paced at {rate}/min: {pacedCount:N0} sent per minute: {string.Join(", ", full)}; max {full.Max()} = {100.0 * full.Max() / rate:0.0} % of the rate, "
                + $"full minutes at {100.0 * full.SkipLast(1).Min() / rate:0.0} %");
        }
        return 0;
    }

    private static async Task<string> SeedAsync(SmsHost host, int count)
    {
        var profiles = SyntheticOffice.Retirees(count, new DateOnly(2026, 11, 23), new Random(3), withPeople: false)
            .Select(r => r.Profile with { SmsConsent = true, Language = "zh-CN", Unit = "bench" }).ToList();
        await host.Get<RetireeStore>().CreateManyAsync(profiles, Caller.System, CancellationToken.None);
        var broadcast = new Broadcast
        {
            Id = "bbench" + Guid.NewGuid().ToString("N")[..6], Name = "bench", TemplateId = SmsTemplates.Notice,
            Parameters = new Dictionary<string, string> { ["text"] = "本周六上午九点在活动中心举办健康讲座，欢迎参加。" },
            Filter = new RetireeFilter { Unit = "bench" }, SendAt = Start, State = BroadcastState.Approved, CreatedAt = Start,
        };
        await host.Get<BroadcastStore>().TrySaveAsync(broadcast, default, CancellationToken.None);
        return broadcast.Id;
    }

    private static async Task<int> DispatchAllAsync(SmsHost host, FakeAcsServer acs, int expected)
    {
        var dispatcher = host.Get<SmsDispatcher>();
        var runs = 0;
        while (acs.Phone.Count < expected && runs < 50)
        {
            runs++;
            await dispatcher.RunAsync(new TimerInvocation(SmsDispatcher.FunctionName, host.Clock.GetUtcNow(), false, null), CancellationToken.None);
        }
        return runs;
    }
}
