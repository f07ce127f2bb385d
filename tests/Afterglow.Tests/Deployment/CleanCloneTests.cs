using System.Diagnostics;
using System.IO.Compression;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// The package builds from a fresh clone with nothing installed beforehand (no root node_modules, no web/dist, no
/// bin/obj): what deploy.yml and step 2 of docs/deploy.md do on a new machine. The dashboard must build on its own.
/// ReadyToRun is left out (AFTERGLOW_READY_TO_RUN=false): it only speeds cold start, and the full build is
/// checked by PackageTests on scripts/test.sh's package.
/// </summary>
public class CleanCloneTests
{
    [Fact]
    public async Task The_package_builds_from_a_clean_clone_with_nothing_else_installed()
    {
        var clone = Directory.CreateTempSubdirectory("afterglow-clone-").FullName;
        try
        {
            var (cloned, cloneLog) = await RunAsync("git", ["clone", "--quiet", Repository.Root, clone], Path.GetTempPath(), TimeSpan.FromMinutes(2));
            Assert.True(cloned == 0, $"git clone failed:\n{cloneLog}");
            Assert.False(Directory.Exists(Path.Combine(clone, "node_modules")));
            Assert.False(Directory.Exists(Path.Combine(clone, "web", "dist")));

            var zip = Path.Combine(clone, "artifacts", "clean.zip");
            var (exit, log) = await RunAsync("bash", [Path.Combine(clone, "scripts", "package.sh"), zip], clone, TimeSpan.FromMinutes(25),
                new Dictionary<string, string?> { ["AFTERGLOW_READY_TO_RUN"] = "false", ["NODE_PATH"] = null, ["AFTERGLOW_WEB_DIST"] = null });
            Assert.True(exit == 0, $"scripts/package.sh failed in a clean clone:\n{log}");

            // The dashboard was built inside web/ with web's own dependencies; nothing was installed at the root.
            Assert.False(Directory.Exists(Path.Combine(clone, "node_modules")), "The build installed the root's node_modules.");
            Assert.True(File.Exists(Path.Combine(clone, "web", "node_modules", "@types", "node", "package.json")), "web/ has no @types/node of its own.");
            using var archive = ZipFile.OpenRead(zip);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var expected in new[] { "Afterglow", "host.json", "wwwroot/index.html", "SmsEvents/function.json", "CheckInSweep/function.json" })
                Assert.Contains(expected, names);
        }
        finally { Directory.Delete(clone, recursive: true); }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string directory, TimeSpan timeout, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} did not finish in {timeout}."); }
        return (process.ExitCode, await stdout + await stderr);
    }
}
