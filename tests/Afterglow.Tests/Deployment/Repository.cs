using System.Diagnostics;

namespace Afterglow.Tests.Deployment;

/// <summary>The repository the tests were built from, and its scripts.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathTo(string relative) => Path.Combine(Root, relative);

    /// <summary>Runs a repository script with bash and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [PathTo(script)])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{script} did not finish in {timeout}."); }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Afterglow.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Afterglow.slnx above {AppContext.BaseDirectory}.");
    }
}
