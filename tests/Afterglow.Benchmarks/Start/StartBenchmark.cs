using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Benchmarks.Start;

/// <summary>
/// Cold start (issue 18): an empty ASP.NET Core app and the Afterglow handler, both Native AOT executables, started
/// alternately (one unmeasured start each first, which also creates Afterglow's tables, as in Azure where they exist),
/// each measured from process start to the first 200 on /api/health: wall time, the process's CPU time (user + system)
/// and its peak working set (VmHWM) at that moment. Prints each run, then the medians and Afterglow's ratio to the empty app.
/// With AFTERGLOW_CONNECT_DELAY_MS set, storage is reached through proxies that wait that long before each new
/// connection, as opening one costs in Azure (TLS); without it, a local Azurite opens them at no cost.
/// Usage: start &lt;empty app executable&gt; &lt;Afterglow executable&gt;[,&lt;another build of it&gt;...] [runs, default 9]
/// (other builds, e.g. before and after a change, are started in the same rotation and listed by their path).
/// </summary>
public static class StartBenchmark
{
    private sealed record Sample(double WallMs, double CpuMs, double PeakMb);

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: start <empty app> <Afterglow> [runs]"); return 2; }
        var empty = Path.GetFullPath(args[0]);
        var builds = args[1].Split(',').Select(Path.GetFullPath).ToList();
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;
        var proxies = new List<ConnectDelayProxy>();
        if (Environment.GetEnvironmentVariable("AFTERGLOW_CONNECT_DELAY_MS") is { Length: > 0 } delay)
        {
            storage = ConnectDelayProxy.Behind(storage, TimeSpan.FromMilliseconds(int.Parse(delay, CultureInfo.InvariantCulture)), proxies);
            Console.WriteLine($"storage behind proxies that wait {delay} ms before each new connection");
        }
        var prefix = "start" + Guid.NewGuid().ToString("N")[..8];
        var apps = new List<(string Name, Func<int, ProcessStartInfo> Start)> { ("empty app", port => Info(empty, new() { ["PORT"] = Port(port) })) };
        apps.AddRange(builds.Select((afterglow, n) => (n == 0 ? "Afterglow" : afterglow, (Func<int, ProcessStartInfo>)(port => Info(afterglow, new()
            {
                // As the Functions host starts it in Azure (Production, a real gateway named, nothing is due).
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = Port(port), ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
                ["Storage__ConnectionString"] = storage, ["Storage__Prefix"] = prefix,
                ["Sms__Gateway"] = "acs", ["Acs__ConnectionString"] = "endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            })))));
        var samples = apps.ToDictionary(a => a.Name, _ => new List<Sample>());
        foreach (var app in apps) await MeasureAsync(app.Start); // warm-up: file cache, Afterglow's tables
        for (var i = 0; i < runs; i++)
            foreach (var app in apps)
            {
                var s = await MeasureAsync(app.Start);
                samples[app.Name].Add(s);
                Console.WriteLine($"{app.Name,-10} run {i + 1}: {s.WallMs,6:N0} ms to first 200, CPU {s.CpuMs,5:N0} ms, peak working set {s.PeakMb,5:N1} MB");
            }

        Console.WriteLine();
        Console.WriteLine($"| medians of {runs} alternating starts | start to first 200 on /api/health | CPU | peak working set |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, list) in samples)
            Console.WriteLine($"| {name} | {Median(list, s => s.WallMs):N0} ms | {Median(list, s => s.CpuMs):N0} ms | {Median(list, s => s.PeakMb):N1} MB |");
        double Ratio(Func<Sample, double> f) => Median(samples["Afterglow"], f) / Median(samples["empty app"], f);
        Console.WriteLine($"| ratio Afterglow / empty | {Ratio(s => s.WallMs):N2} | {Ratio(s => s.CpuMs):N2} | {Ratio(s => s.PeakMb):N2} |");
        foreach (var proxy in proxies) await proxy.DisposeAsync();
        return 0;
    }

    private static async Task<Sample> MeasureAsync(Func<int, ProcessStartInfo> info)
    {
        var port = FreePorts.Next();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port}/api/health";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info(port))!;
        try
        {
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"{info(port).FileName} exited with {process.ExitCode}.");
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{info(port).FileName} gave no 200 in 60 s.");
                await Task.Delay(2);
            }
            var wall = watch.Elapsed.TotalMilliseconds;
            return new Sample(wall, CpuMs(process.Id), PeakMb(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static ProcessStartInfo Info(string path, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(path) { WorkingDirectory = Path.GetDirectoryName(path)!, UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var key in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "PORT", "AFTERGLOW_WEB_ROOT", "Sms__Gateway" })
            info.Environment.Remove(key);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    /// <summary>User + system time from /proc/{pid}/stat (fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static double PeakMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static double Median(List<Sample> list, Func<Sample, double> f)
    {
        var sorted = list.Select(f).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

}
