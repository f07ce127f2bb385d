using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Dashboard;
using Afterglow.App.Hosting;
using Xunit.Abstractions;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// The zip Azure runs (scripts/package.sh; scripts/test.sh builds it once, in a clean clone of HEAD, and exports
/// AFTERGLOW_PACKAGE; CleanCloneTests checks where it came from): its
/// layout, the handler's execute bit, and the handler started from the unpacked folder the way the Functions
/// host starts it, answering a timer envelope and a proxied HTTP request.
/// </summary>
public class PackageTests(ITestOutputHelper output)
{
    private const int ExecuteBits = 0b001_001_001;

    [Fact]
    public void The_package_holds_the_handler_host_json_every_function_and_the_dashboard_and_nothing_local()
    {
        var path = Package();
        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Afterglow", names);
        Assert.Contains("host.json", names);
        Assert.Contains("wwwroot/index.html", names);
        Assert.DoesNotContain(names, n => Path.GetFileName(n) is "local.settings.json" or "appsettings.Development.json");
        Assert.DoesNotContain(names, n => n.Contains('\\'));

        var sourceFunctions = Directory.GetDirectories(Repository.PathTo("functions/host"))
            .Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var packagedFunctions = names.Where(n => n.EndsWith("/function.json", StringComparison.Ordinal))
            .Select(n => n[..n.IndexOf('/', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(sourceFunctions);
        Assert.Equal(sourceFunctions.Order(), packagedFunctions.Order());
        Assert.DoesNotContain(names, n => n.Count(c => c == '/') > 1 && n.EndsWith("function.json", StringComparison.Ordinal));

        // The files are the ones in the repository, byte for byte.
        foreach (var file in packagedFunctions.Select(f => $"{f}/function.json").Append("host.json"))
            Assert.Equal(File.ReadAllText(Repository.PathTo($"functions/host/{file}")), Read(zip.GetEntry(file)!));
    }

    [Fact]
    public void The_handler_keeps_its_execute_bit_and_the_rest_are_plain_files()
    {
        var path = Package();
        using var zip = ZipFile.OpenRead(path);
        var handler = zip.GetEntry("Afterglow")!;
        var mode = handler.ExternalAttributes >> 16;
        Assert.True((mode & ExecuteBits) == ExecuteBits, $"Afterglow has mode {Convert.ToString(mode & 0xFFF, 8)}, not executable by everyone.");
        Assert.Equal(0x8000, mode & 0xF000); // a regular file
        Assert.Equal("Afterglow", ReadHostJson(zip)["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the package is linux-x64
    public async Task The_unpacked_handler_starts_like_the_functions_host_starts_it_and_serves_every_function()
    {
        var path = Package();
        var storage = Afterglow.Tests.Infrastructure.AppFactory.StorageConnection;

        var root = Directory.CreateTempSubdirectory("afterglow-package-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(path, root);
            var executable = Path.Combine(root, "Afterglow");
            Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, "Unzipping lost the execute bit.");

            var port = FreePorts.Next();
            await using var monitor = await IngestionRecorder.StartAsync();
            using var handler = StartHandler(root, port, storage, monitor.ConnectionString);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                await WaitForAnyAnswerAsync(http, handler);

                // A timer invocation, as the host sends it: POST /{FunctionName} with the envelope.
                var timer = await http.PostAsync("/NightlyAgeBands", Json($$$$"""
                    {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}},
                     "Metadata":{"sys":{"MethodName":"NightlyAgeBands","UtcNow":"2026-11-22T16:00:00Z","RandGuid":"{{{{Guid.NewGuid()}}}}"}}}
                    """));
                var timerBody = await timer.Content.ReadAsStringAsync();
                Assert.True(timer.StatusCode == HttpStatusCode.OK, $"NightlyAgeBands: {(int)timer.StatusCode} {timerBody}\n{handler.Log}");
                var answer = JsonNode.Parse(timerBody)!.AsObject();
                Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"), timerBody);

                // An SMS reply from Event Grid, in both schemas: read by hand (the Event Grid SDK's parsing needs
                // reflection, ADR 0018) and stored through the generated JSON metadata.
                foreach (var sms in SmsReceivedEvents())
                {
                    var received = await http.PostAsync("/SmsReceived", Json(sms));
                    Assert.True(received.StatusCode == HttpStatusCode.OK, $"SmsReceived: {(int)received.StatusCode} {await received.Content.ReadAsStringAsync()}\n{handler.Log}");
                }

                // A proxied HTTP request: the host forwards it to the same path.
                var health = await http.GetAsync("/api/health");
                Assert.True(health.StatusCode == HttpStatusCode.OK, $"/api/health: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}\n{handler.Log}");

                await CoordinatorRoundTripAsync(http, handler);

                // The dashboard from wwwroot next to the executable: the built page, carrying the signed-in admin's first
                // screen (Dashboard/FirstScreen, its JSON made by the generated metadata in this binary) and nothing else.
                var dashboard = await http.GetAsync("/app/");
                Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
                var page = await dashboard.Content.ReadAsStringAsync();
                var block = System.Text.RegularExpressions.Regex.Match(page, $"<script type=\"application/json\" id=\"{FirstScreen.ElementId}\">(.*?)</script>");
                Assert.True(block.Success, page);
                Assert.Equal(AdminEmail, (string?)JsonNode.Parse(block.Groups[1].Value)!["me"]!["email"]);
                Assert.Equal(await File.ReadAllTextAsync(Path.Combine(root, "wwwroot", "index.html")), page.Remove(block.Index, block.Length));

                // Every function.json in the package names something the app serves (an answer other than "no such
                // route"; whether a job succeeds without SMS settings is for its own tests).
                foreach (var function in new FunctionCatalog(root).Functions)
                {
                    var response = await InvokeAsync(http, function);
                    Assert.True(response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed),
                        $"{function.Name} ({function.Trigger.Type}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                // Telemetry leaves the binary as Azure Monitor takes it (ADR 0012b), event sources compiled out (ADR 0018):
                // the requests above and the storage calls behind them, in the exporter's next batch.
                foreach (var item in new[] { "Request", "RemoteDependency" })
                    Assert.True(await monitor.WaitForAsync(item, TimeSpan.FromSeconds(30)), $"No {item} telemetry reached Azure Monitor, only: {monitor.Seen}\n{handler.Log}");
            }
            finally
            {
                handler.Stop();
                output.WriteLine(handler.Log);
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    /// <summary>The package to check: AFTERGLOW_PACKAGE, which scripts/test.sh builds with scripts/package.sh. Missing fails.</summary>
    private static string Package()
    {
        var path = Environment.GetEnvironmentVariable("AFTERGLOW_PACKAGE");
        Assert.True(!string.IsNullOrEmpty(path) && File.Exists(path),
            $"AFTERGLOW_PACKAGE is {(string.IsNullOrEmpty(path) ? "not set" : $"{path}, which does not exist")}; scripts/test.sh builds it with scripts/package.sh in a clean clone.");
        return path!;
    }

    private static Task<HttpResponseMessage> InvokeAsync(HttpClient http, FunctionDefinition function)
    {
        if (function.IsHttp) return http.GetAsync(SamplePath(function));
        var envelope = function.IsTimer
            ? $$$$"""{"Data":{"{{{{function.Trigger.Name}}}}":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"{{{{function.Name}}}}","UtcNow":"2026-11-22T16:00:00Z","RandGuid":"{{{{Guid.NewGuid()}}}}"}}}"""
            : $$$$"""{"Data":{"{{{{function.Trigger.Name}}}}":{}},"Metadata":{"sys":{"MethodName":"{{{{function.Name}}}}","UtcNow":"2026-11-22T16:00:00Z","RandGuid":"{{{{Guid.NewGuid()}}}}"}}}""";
        return http.PostAsync($"/{function.Name}", Json(envelope));
    }

    /// <summary>
    /// A coordinator's round trip through the stores, as in Azure (Production: Secure cookies, so sent by hand over http):
    /// sign in as the bootstrap admin, write a retiree, read it back and in the list, and a bad field refused by name.
    /// Reading rows builds Table entities, a path Native AOT's trimming once broke (ADR 0018).
    /// </summary>
    private static async Task CoordinatorRoundTripAsync(HttpClient http, RunningHandler handler)
    {
        var login = await http.PostAsync("/api/auth/login", Json($$"""{"email":"{{AdminEmail}}","password":"{{AdminPassword}}"}"""));
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"Sign-in: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}\n{handler.Log}");
        SecureCookies.SendByHand(http, login);

        var name = "包测" + Guid.NewGuid().ToString("N")[..6];
        var created = await http.PostAsync("/api/retirees", Json($$"""{"name":"{{name}}","birthDate":"1940-05-01","mobile":"13800138000"}"""));
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Create: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}\n{handler.Log}");
        var read = await http.GetAsync(created.Headers.Location!.OriginalString);
        var readBody = await read.Content.ReadAsStringAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK && readBody.Contains(name, StringComparison.Ordinal), $"Read: {(int)read.StatusCode} {readBody}\n{handler.Log}");
        var list = await (await http.GetAsync("/api/retirees?pageSize=50")).Content.ReadAsStringAsync();
        Assert.Contains(name, list, StringComparison.Ordinal);

        var bad = await http.PostAsync("/api/retirees", Json("""{"name":"李","birthDate":"not a date","mobile":"13800138000"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("birthDate", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const string AdminEmail = "admin@package.test";
    private const string AdminPassword = "package-test-password-4417";

    /// <summary>One reply as Event Grid delivers it, in the Event Grid schema and in the CloudEvents schema.</summary>
    private static IEnumerable<string> SmsReceivedEvents()
    {
        var id = Guid.NewGuid().ToString("N");
        yield return $$$$"""
            {"Data":{"event":{"id":"{{{{id}}}}-a","topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z","subject":"/phonenumber/8613800138000","eventType":"Microsoft.Communication.SMSReceived","eventTime":"2026-11-23T01:00:00Z","dataVersion":"1.0",
             "data":{"MessageId":"Incoming_{{{{id}}}}a","From":"8613800138000","To":"18005550100","Message":"好","ReceivedTimestamp":"2026-11-23T01:00:00Z"}}},"Metadata":{"sys":{"MethodName":"SmsReceived"}}}
            """;
        yield return $$$$"""
            {"Data":{"event":{"specversion":"1.0","id":"{{{{id}}}}-b","source":"/subscriptions/x/communicationServices/z","type":"Microsoft.Communication.SMSReceived",
             "time":"2026-11-23T01:00:00Z","subject":"/phonenumber/x","datacontenttype":"application/json",
             "data":{"messageId":"Incoming_{{{{id}}}}b","from":"+8613800138000","to":"+18005550100","message":"云事件","receivedTimestamp":"2026-11-23T01:00:00Z"}}},"Metadata":{"sys":{"MethodName":"SmsReceived"}}}
            """;
    }

    /// <summary>A path each HTTP function's route takes that the app answers.</summary>
    private static string SamplePath(FunctionDefinition function) => function.Name switch
    {
        "Api" => "/api/health",
        "Dashboard" => "/app/",
        "Home" => "/",
        _ => "/" + string.Join('/', function.Trigger.Route!.Split('/').Where(s => !s.StartsWith('{'))),
    };

    private static RunningHandler StartHandler(string root, int port, string storage, string monitor)
    {
        var start = new ProcessStartInfo(Path.Combine(root, "Afterglow"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Production, as in Azure: nothing that turns on development code paths, nothing pointing elsewhere.
        foreach (var key in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "AFTERGLOW_WEB_ROOT", "ASPNETCORE_URLS", "PORT", "Sms__Gateway" })
            start.Environment.Remove(key);
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["Storage__ConnectionString"] = storage;
        start.Environment["Storage__Prefix"] = "pkg" + Guid.NewGuid().ToString("N")[..8];
        start.Environment["AFTERGLOW_ADMIN_EMAIL"] = AdminEmail;
        start.Environment["AFTERGLOW_ADMIN_PASSWORD"] = AdminPassword;
        // Outside Development a real gateway must be named or the app stops at start (issue 11); nothing is due, so nothing is sent.
        start.Environment["Sms__Gateway"] = "acs";
        start.Environment["Acs__ConnectionString"] = $"endpoint=https://acs.invalid/;accesskey={Convert.ToBase64String(new byte[32])}";
        // As Bicep sets it: telemetry to Azure Monitor, here the recorder standing in for it.
        start.Environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = monitor;
        return new RunningHandler(Process.Start(start)!);
    }

    private static async Task WaitForAnyAnswerAsync(HttpClient http, RunningHandler handler)
    {
        // The host's readiness rule: any HTTP answer on the root; only socket errors mean "not yet".
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(handler.Process.HasExited, $"The handler exited with {(handler.Process.HasExited ? handler.Process.ExitCode : 0)}:\n{handler.Log}");
            try { using var _ = await http.GetAsync("/"); return; }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }


    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static JsonNode ReadHostJson(ZipArchive zip) => JsonNode.Parse(Read(zip.GetEntry("host.json")!))!;

    /// <summary>The handler process and everything it printed, so a failure shows why.</summary>
    private sealed class RunningHandler : IDisposable
    {
        private readonly StringBuilder _log = new();

        public RunningHandler(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Log { get { lock (_log) return _log.ToString(); } }

        public void Stop()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            Stop();
            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }
    }
}
