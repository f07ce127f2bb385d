using System.Diagnostics;

namespace Afterglow.Tests.Infrastructure;

/// <summary>
/// A start that must fail, tried as the app really starts: the built app (Afterglow.dll beside the tests) as a process
/// of its own, which must exit, not serve. In-process (WebApplicationFactory) the app's failed Run disposes the host
/// while the factory still reads it, and under load the factory then reports "Cannot access a disposed object"
/// instead of the app's message (1 CI run in 6).
/// </summary>
public static class FailingStart
{
    /// <summary>Starts the app on Azurite with these settings (keys as in configuration, "Section:Key"); returns its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string environment, params (string Key, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Afterglow.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "FUNCTIONS_CUSTOMHANDLER_PORT", "Sms__Gateway" }) start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["PORT"] = "0";
        start.Environment["Storage__ConnectionString"] = AppFactory.StorageConnection;
        start.Environment["Storage__Prefix"] = "t" + Guid.NewGuid().ToString("N")[..10];
        start.Environment["Scheduler__Enabled"] = "false";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The app started with {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}:\n{string.Join("\n", await output)}");
        }
        return (process.ExitCode, string.Join("\n", await output));
    }

    /// <summary>The app must stop at start, and say <paramref name="expected"/>.</summary>
    public static async Task AssertStopsSayingAsync(string expected, string environment, params (string Key, string Value)[] settings)
    {
        var (code, output) = await RunAsync(environment, settings);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, output);
    }
}
