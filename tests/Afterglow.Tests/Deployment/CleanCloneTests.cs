using System.Diagnostics;
using System.IO.Compression;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// The package builds from a fresh clone with nothing installed beforehand (no root node_modules, no web/dist, no
/// bin/obj): what deploy.yml and step 2 of docs/deploy.md do on a new machine. scripts/test.sh builds the package
/// once, in a clean clone of HEAD (AFTERGLOW_PACKAGE_CLONE), and these tests check that clone and its artifact;
/// PackageTests runs the same artifact. So the package cannot depend on a file that is not committed.
/// </summary>
public class CleanCloneTests
{
    [Fact]
    public async Task The_package_was_built_from_a_clean_clone_of_this_commit()
    {
        var (clone, zip) = Artifact();
        var head = await GitAsync(Repository.Root, "rev-parse", "HEAD");
        Assert.Equal(head, await GitAsync(clone, "rev-parse", "HEAD"));
        // Nothing in the clone but committed files and what the build wrote to ignored folders.
        Assert.Equal("", await GitAsync(clone, "status", "--porcelain", "--untracked-files=all"));
        Assert.StartsWith(Path.GetFullPath(clone) + Path.DirectorySeparatorChar, Path.GetFullPath(zip), StringComparison.Ordinal);
        // Its remote is this repository: a stranger's `git clone`, not a copy of this working tree.
        Assert.Equal(Path.GetFullPath(Repository.Root).TrimEnd('/'), (await GitAsync(clone, "remote", "get-url", "origin")).TrimEnd('/'));
    }

    [Fact]
    public void The_dashboard_was_built_inside_web_with_its_own_dependencies_and_nothing_installed_at_the_root()
    {
        var (clone, zip) = Artifact();
        Assert.False(Directory.Exists(Path.Combine(clone, "node_modules")), "The build installed the root's node_modules.");
        Assert.True(File.Exists(Path.Combine(clone, "web", "node_modules", "@types", "node", "package.json")), "web/ has no @types/node of its own.");
        Assert.True(File.Exists(Path.Combine(clone, "web", "dist", "index.html")), "The clone's dashboard was not built.");

        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "Afterglow", "host.json", "wwwroot/index.html", "SmsEvents/function.json", "CheckInSweep/function.json" })
            Assert.Contains(expected, names);
        // The dashboard in the package is the one the clone built, not one from this working tree.
        Assert.Equal(File.ReadAllText(Path.Combine(clone, "web", "dist", "index.html")), new StreamReader(archive.GetEntry("wwwroot/index.html")!.Open()).ReadToEnd());
    }

    /// <summary>AFTERGLOW_PACKAGE_CLONE and AFTERGLOW_PACKAGE, which scripts/test.sh sets after building. Missing fails.</summary>
    private static (string Clone, string Zip) Artifact()
    {
        var clone = Environment.GetEnvironmentVariable("AFTERGLOW_PACKAGE_CLONE");
        var zip = Environment.GetEnvironmentVariable("AFTERGLOW_PACKAGE");
        Assert.True(!string.IsNullOrEmpty(clone) && Directory.Exists(Path.Combine(clone, ".git")),
            $"AFTERGLOW_PACKAGE_CLONE is {(string.IsNullOrEmpty(clone) ? "not set" : $"{clone}, not a clone")}; scripts/test.sh builds the package in a clean clone of HEAD.");
        Assert.True(!string.IsNullOrEmpty(zip) && File.Exists(zip), $"AFTERGLOW_PACKAGE is {zip ?? "not set"}; scripts/test.sh builds it.");
        return (clone!, zip!);
    }

    private static async Task<string> GitAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-C", directory, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} in {directory}: {await stderr}");
        return (await stdout).Trim();
    }
}
