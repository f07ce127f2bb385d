using System.Diagnostics;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>
/// The busiest timer run: 1,000 check-ins due in one minute, with 10,000 and with 50,000 retirees registered
/// (and their plans and future due items stored). The run must cost about the same (≤ 1.5×): it reads the
/// minute's due bucket, not the registry. Cost is wall time and the number of Table Storage operations,
/// counted from the Azure SDK's activities.
/// </summary>
public static class ScaleRun
{
    private const int Due = 1_000;
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static async Task RunAsync(string storage, List<string> report)
    {
        // Azure SDK clients report each operation as an Activity when this switch is on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var operations = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref operations),
        };
        ActivitySource.AddActivityListener(listener);

        var results = new List<(int Registered, double[] Ms, int[] Ops, TimeSpan Setup)>();
        foreach (var registered in new[] { 10_000, 50_000 })
        {
            var setup = Stopwatch.StartNew();
            var day = new DateOnly(2026, 11, 2);
            var start = CheckInSchedule.ToUtc(day, new TimeOnly(8, 50), Zone);
            var phones = new SimPhones(() => DateTimeOffset.UtcNow);
            await using var host = new SimHost(storage, "scale" + Guid.NewGuid().ToString("N")[..8], phones, start);
            var sims = SyntheticOffice.Retirees(registered, day.AddDays(-1), new Random(registered), withPeople: false);
            var (_, failed) = await host.Get<RetireeStore>().CreateManyAsync(sims.Select(s => s.Profile).ToList(), Caller.System, CancellationToken.None);
            if (failed.Count > 0) throw new InvalidOperationException("Registration failed.");
            var index = host.Get<RegistryIndex>();
            await index.EnsureCurrentAsync(CancellationToken.None);
            var ids = index.All.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

            // Four minutes with 1,000 due each (the first warms up), everyone else due later in the day.
            var plans = ids.Select((id, i) =>
            {
                var at = i < 4 * Due ? new TimeOnly(8, 59).AddMinutes(i / Due) : new TimeOnly(10, 0).AddMinutes(i % 600);
                return new CarePlan { RetireeId = id, Cadence = Cadence.Daily, At = at, Anchor = day.AddDays(-1), NextDueUtc = CheckInSchedule.ToUtc(day, at, Zone) };
            }).ToList();
            await host.Get<CarePlanStore>().SaveManyAsync(plans, CancellationToken.None);
            await host.Get<CheckInStore>().AddDueManyAsync(plans.Select(p => new DueItem(DueItem.Send, p.RetireeId, p.NextDueUtc!.Value)).ToList(), CancellationToken.None);
            setup.Stop();

            var sweep = host.Get<CheckInSweep>();
            var ms = new List<double>();
            var ops = new List<int>();
            for (var minute = 0; minute < 4; minute++)
            {
                var t = CheckInSchedule.ToUtc(day, new TimeOnly(8, 59).AddMinutes(minute), Zone);
                host.Clock.SetUtcNow(t);
                Interlocked.Exchange(ref operations, 0);
                var timer = Stopwatch.StartNew();
                var line = await sweep.RunAsync(new TimerInvocation(CheckInSweep.FunctionName, t, false, null), CancellationToken.None);
                timer.Stop();
                if (!line.StartsWith($"{Due} due: {Due} check-ins sent", StringComparison.Ordinal)) throw new InvalidOperationException($"Unexpected run: {line}");
                if (minute == 0) continue; // warm-up
                ms.Add(timer.Elapsed.TotalMilliseconds);
                ops.Add(operations);
            }
            results.Add((registered, ms.ToArray(), ops.ToArray(), setup.Elapsed));
            Console.Error.WriteLine($"scale {registered}: {string.Join(", ", ms.Select(x => $"{x:F0} ms"))}; {string.Join(", ", ops)} operations; setup {setup.Elapsed.TotalSeconds:F0} s");
        }

        var (small, large) = (results[0], results[1]);
        var ratio = large.Ms.Order().ElementAt(1) / small.Ms.Order().ElementAt(1);
        report.Add("");
        report.Add($"## The busiest timer run: {Due:N0} check-ins due in one minute");
        report.Add("");
        report.Add("| registered | wall time of the run (3 runs, median in bold) | Table Storage operations per run |");
        report.Add("| --- | --- | --- |");
        foreach (var r in results)
            report.Add($"| {r.Registered:N0} | {string.Join(" / ", r.Ms.Order().Select((x, i) => i == 1 ? $"**{x / 1000:F2} s**" : $"{x / 1000:F2} s"))} | {string.Join(" / ", r.Ops)} |");
        report.Add($"| ratio 50,000 : 10,000 | **{ratio:F2}** (target ≤ 1.5) | {large.Ops.Average() / small.Ops.Average():F2} |");
    }
}
