using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Afterglow.Tests.Deployment;

namespace Afterglow.Tests.Infrastructure;

/// <summary>
/// An Azurite of a test's own, on fixed ports and a data folder on disk, that the test can kill (SIGKILL, as a
/// crash or an outage) and start again on the same ports with the same data: storage that goes away for real.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string _data = Directory.CreateTempSubdirectory("afterglow-azurite-").FullName;
    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();
    private string Log { get { lock (_log) return _log.ToString(); } }

    public int BlobPort { get; } = FreePorts.Next();
    public int TablePort { get; } = FreePorts.Next();
    public int QueuePort { get; } = FreePorts.Next();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync()
    {
        if (IsRunning) return;
        var azurite = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite)) throw new InvalidOperationException($"{azurite} is missing: run npm ci at the repository root.");
        var start = new ProcessStartInfo(azurite,
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", _data,
            "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}", "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Generous: on a loaded 2-core machine node takes its time to start.
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited with {_process.ExitCode}: {Log}");
            if (await Answers(TablePort) && await Answers(BlobPort)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Azurite did not open its ports {TablePort}/{BlobPort} in 90 s: {Log}");
    }

    /// <summary>
    /// Stops Azurite and waits until it is gone: SIGTERM by default (it closes its ports at once and keeps what it
    /// acknowledged, as a storage service that goes away does), or SIGKILL.
    /// </summary>
    public async Task KillAsync(bool hard = false)
    {
        if (_process is not { } p) return;
        if (!p.HasExited)
        {
            if (hard) p.Kill(entireProcessTree: true);
            else using (var kill = Process.Start("kill", ["-TERM", $"{p.Id}"])) await kill.WaitForExitAsync();
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
        p.Dispose();
        _process = null;
    }

    private static async Task<bool> Answers(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }


    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
