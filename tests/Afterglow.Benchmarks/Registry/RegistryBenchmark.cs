using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Benchmarks.Registry;

/// <summary>
/// Issue 2's numbers: start-up to the first healthy answer, a 10,000-row CSV import, and the latency of list,
/// search and get-by-id against the real app process on Azurite; then the process's working set.
/// </summary>
public static class RegistryBenchmark
{
    private const int Retirees = 10_000;
    private const int Samples = 300;

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        // The published, self-contained, ReadyToRun handler as Azure runs it (scripts/benchmark.sh publishes it).
        var appPath = Environment.GetEnvironmentVariable("AFTERGLOW_APP");
        var port = FreePorts.Next();
        var url = $"http://127.0.0.1:{port}";
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var psi = new ProcessStartInfo(appPath ?? "dotnet", appPath is null ? [Path.Combine(AppContext.BaseDirectory, "Afterglow.dll")] : [])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["PORT"] = port.ToString(), ["Storage__ConnectionString"] = storage, ["Storage__Prefix"] = prefix,
                ["AFTERGLOW_ADMIN_EMAIL"] = "bench@afterglow.local", ["AFTERGLOW_ADMIN_PASSWORD"] = "bench-password-1",
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Scheduler__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
                // Outside Development a real gateway must be named (issue 11); nothing is sent with timers off.
                ["Sms__Gateway"] = "acs", ["Acs__ConnectionString"] = "endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            },
        };

        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var started = Stopwatch.StartNew();
        using var app = Process.Start(psi)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try { if ((await http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK) break; }
                catch (HttpRequestException) { }
                await Task.Delay(5);
            }
            var startup = started.Elapsed;

            var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "bench@afterglow.local", password = "bench-password-1" });
            login.EnsureSuccessStatusCode();
            var xsrf = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith("XSRF-TOKEN="))["XSRF-TOKEN=".Length..];
            http.DefaultRequestHeaders.Add("X-XSRF-TOKEN", xsrf);
            // Outside Development the session cookie is Secure; over plain http the client must send it by hand.
            http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

            var csv = SyntheticCsv(Retirees);
            var import = Stopwatch.StartNew();
            // A synthetic office has namesakes born the same day: create them all, as an office would choose.
            var report = await ImportBenchmark.ImportUntilDoneAsync(http, new StringContent(csv, Encoding.UTF8, "text/csv"), "dryRun=false&duplicates=create");
            import.Stop();
            var imported = report!["imported"]?.GetValue<int>() ?? throw new InvalidOperationException("The CSV import failed: " + report.ToJsonString());

            // Issue 15: the same size of office from an .xlsx workbook (other people: other mobiles and ID numbers).
            var lines = SyntheticCsv(Retirees, mobilePrefix: "137").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
            var xlsx = Afterglow.App.Import.XlsxWriter.Write("Sheet1", lines[0], lines.Skip(1).Select(l => (IReadOnlyList<string>)l));
            var workbook = Stopwatch.StartNew();
            var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "office.xlsx" }, { new StringContent("create"), "duplicates" } };
            var xlsxReport = await ImportBenchmark.ImportUntilDoneAsync(http, form);
            workbook.Stop();
            var xlsxImported = xlsxReport!["imported"]?.GetValue<int>() ?? throw new InvalidOperationException("The .xlsx import failed: " + xlsxReport.ToJsonString());
            app.Refresh();
            var rssAfterImports = ReadRssMb(app.Id);

            var ids = (await (await http.GetAsync("/api/retirees?pageSize=200")).Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray()
                .Select(i => i!["id"]!.GetValue<string>()).ToArray();
            var list = await Measure(http, i => $"/api/retirees?tier=high&livesAlone=true&page={1 + i % 5}&pageSize=50");
            var search = await Measure(http, i => $"/api/retirees?q={Uri.EscapeDataString(Surnames[i % Surnames.Length] + Given[i % Given.Length][..1])}");
            var get = await Measure(http, i => $"/api/retirees/{ids[i % ids.Length]}");

            app.Refresh();
            var rss = ReadRssMb(app.Id);
            Console.WriteLine($"""
                Registry benchmark ({Retirees:N0} retirees, {Samples} samples each, Azurite, one app process)
                | measure | result | target |
                | --- | --- | --- |
                | start to first 200 on /api/health | {startup.TotalMilliseconds:F0} ms | < 400 ms |
                | CSV import of {Retirees:N0} rows ({imported:N0} written) | {import.Elapsed.TotalSeconds:F1} s | < 15 s |
                | .xlsx import of {Retirees:N0} rows ({xlsx.Length / 1024:N0} KB, {xlsxImported:N0} written) | {workbook.Elapsed.TotalSeconds:F1} s | < 20 s |
                | working set after both imports | {rssAfterImports} MB | |
                | filtered list page of 50: p50 / p95 | {list.P50:F1} / {list.P95:F1} ms | p95 < 50 ms |
                | search by name: p50 / p95 | {search.P50:F1} / {search.P95:F1} ms | p95 < 50 ms |
                | get by id (with its audit write): p50 / p95 | {get.P50:F1} / {get.P95:F1} ms | p95 < 10 ms |
                | working set after the run | {rss:F0} MB | |
                """);
            return imported == Retirees && xlsxImported == Retirees ? 0 : 1;
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(double P50, double P95)> Measure(HttpClient http, Func<int, string> path)
    {
        for (var i = 0; i < 20; i++) (await http.GetAsync(path(i))).EnsureSuccessStatusCode();
        var times = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var sw = Stopwatch.StartNew();
            var response = await http.GetAsync(path(i));
            await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            response.EnsureSuccessStatusCode();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Given = ["建国", "秀英", "桂兰", "志强", "德明", "玉珍", "国华", "淑芬", "振华", "凤英", "明", "静", "伟", "敏", "军"];
    private static readonly string[] Units = ["物理系", "化学系", "数学系", "图书馆", "后勤处", "附属医院", "机械学院", "外语学院"];

    /// <summary>A registry like the seed offices': a third over 80, one in ten living alone.</summary>
    public static string SyntheticCsv(int count, string mobilePrefix = "139")
    {
        var random = new Random(42);
        // No ID numbers: made-up ones fail the resident-ID check digit, which the import checks.
        var sb = new StringBuilder("name,birthDate,mobile,unit,living,emptyNest\r\n");
        for (var i = 0; i < count; i++)
        {
            var age = random.NextDouble() < 0.33 ? random.Next(80, 100) : random.Next(58, 80);
            var birth = new DateOnly(2026 - age, random.Next(1, 13), random.Next(1, 29));
            var living = random.NextDouble() < 0.1 ? "alone" : random.NextDouble() < 0.5 ? "withSpouse" : "withChildren";
            sb.Append(Surnames[random.Next(Surnames.Length)]).Append(Given[random.Next(Given.Length)]).Append(',')
              .Append(birth.ToString("yyyy-MM-dd")).Append(',').Append(mobilePrefix).Append(i.ToString("D8")).Append(',')
              .Append(Units[random.Next(Units.Length)]).Append(',').Append(living).Append(',')
              .Append(random.NextDouble() < 0.2 ? "true" : "false").Append("\r\n");
        }
        return sb.ToString();
    }


    private static double ReadRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
