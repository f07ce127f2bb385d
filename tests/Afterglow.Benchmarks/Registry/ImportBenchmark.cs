using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Afterglow.Benchmarks.Registry;

/// <summary>
/// Issue 15's number: 10,000 rows from .xlsx, end to end — upload, then the job's polls until it is done — against
/// each app given (e.g. the build before a change and after it), alternating, in one run on one Azurite, so the
/// machine's load is shared fairly. Each app is its own process on a fresh table prefix; its working set is read after.
/// Usage: import [runs] [name=path/to/Afterglow.dll or executable] ...
/// </summary>
public static class ImportBenchmark
{
    private const int Rows = 10_000;

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 2;
        var apps = args.Skip(1).Select(a => a.Split('=', 2)).Select(p => (Name: p[0], Path: p[1])).ToList();
        if (apps.Count == 0) apps.Add(("this build", Environment.GetEnvironmentVariable("AFTERGLOW_APP") ?? Path.Combine(AppContext.BaseDirectory, "Afterglow.dll")));
        var lines = RegistryBenchmark.SyntheticCsv(Rows, mobilePrefix: "137").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var xlsx = Afterglow.App.Import.XlsxWriter.Write("Sheet1", lines[0], lines.Skip(1).Select(l => (IReadOnlyList<string>)l));
        var results = apps.ToDictionary(a => a.Name, _ => new List<(double Seconds, int Written, double RssMb)>());
        for (var run = 0; run < runs; run++)
            foreach (var (name, path) in apps)
            {
                await using var app = await AppProcess.StartAsync(path, storage);
                var watch = Stopwatch.StartNew();
                var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "office.xlsx" }, { new StringContent("create"), "duplicates" } };
                var report = await ImportUntilDoneAsync(app.Http, form);
                watch.Stop();
                var written = report["imported"]?.GetValue<int>() ?? throw new InvalidOperationException($"{name}: the import failed: {report.ToJsonString()}");
                results[name].Add((watch.Elapsed.TotalSeconds, written, app.RssMb()));
                Console.Error.WriteLine($"run {run + 1}, {name}: {watch.Elapsed.TotalSeconds:F1} s, {written:N0} written");
            }
        Console.WriteLine($"""
            .xlsx import of {Rows:N0} rows ({xlsx.Length / 1024:N0} KB), end to end, {runs} runs each, alternating
            | app | runs (s) | best | working set after (MB) |
            | --- | --- | --- | --- |
            """);
        foreach (var (name, list) in results)
            Console.WriteLine($"| {name} | {string.Join(", ", list.Select(x => x.Seconds.ToString("F1")))} | {list.Min(x => x.Seconds):F1} s | {string.Join(", ", list.Select(x => x.RssMb.ToString("F0")))} |");
        return results.Values.All(l => l.All(x => x.Written == Rows)) ? 0 : 1;
    }

    /// <summary>Posts an import and, when it answers with a running job, polls the job until it is done (an app without jobs answers at once).</summary>
    public static async Task<JsonObject> ImportUntilDoneAsync(HttpClient http, HttpContent content, string query = "dryRun=false")
    {
        var response = await http.PostAsync("/api/retirees/import?" + query, content);
        var report = await response.Content.ReadFromJsonAsync<JsonObject>() ?? new JsonObject();
        while (response.StatusCode == HttpStatusCode.Accepted || report["state"]?.GetValue<string>() == "running")
        {
            response = await http.PostAsync($"/api/retirees/import/jobs/{report["jobId"]!.GetValue<string>()}/run", null);
            report = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("No job report.");
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Job poll: {(int)response.StatusCode} {report.ToJsonString()}");
        }
        return report;
    }
}
