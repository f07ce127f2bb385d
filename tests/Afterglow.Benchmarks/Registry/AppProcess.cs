using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Benchmarks.Registry;

/// <summary>The app as its own process (a published executable or an Afterglow.dll) on a fresh table prefix, healthy and signed in as admin.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    public HttpClient Http { get; }

    private AppProcess(Process process, HttpClient http) => (_process, Http) = (process, http);

    public static async Task<AppProcess> StartAsync(string path, string storage)
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dll = path.EndsWith(".dll", StringComparison.Ordinal);
        var psi = new ProcessStartInfo(dll ? "dotnet" : path, dll ? [path] : [])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["PORT"] = port.ToString(), ["Storage__ConnectionString"] = storage, ["Storage__Prefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
                ["AFTERGLOW_ADMIN_EMAIL"] = "bench@afterglow.local", ["AFTERGLOW_ADMIN_PASSWORD"] = "bench-password-1",
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Scheduler__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
                ["Sms__Gateway"] = "acs", ["Acs__ConnectionString"] = "endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            },
        };
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        var app = new AppProcess(process, http);
        while (true)
        {
            try { if ((await http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK) break; }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException($"The app at {path} exited ({process.ExitCode}).");
            await Task.Delay(20);
        }
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "bench@afterglow.local", password = "bench-password-1" });
        login.EnsureSuccessStatusCode();
        SecureCookies.SendByHand(http, login);
        return app;
    }

    public double RssMb()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        Http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
