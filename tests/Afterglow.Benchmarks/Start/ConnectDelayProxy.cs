using System.Net;
using System.Net.Sockets;

namespace Afterglow.Benchmarks.Start;

/// <summary>
/// A TCP proxy in front of one storage endpoint that waits before each new connection: what opening a connection to
/// storage costs in Azure (TCP and TLS handshakes, tens of ms), which a local Azurite does not. Bytes then pass as they are.
/// </summary>
public sealed class ConnectDelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConnectDelayProxy(int upstreamPort, TimeSpan delay)
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                _ = Task.Run(async () =>
                {
                    using var c = client;
                    await Task.Delay(delay);
                    using var upstream = new TcpClient();
                    await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort);
                    var a = c.GetStream().CopyToAsync(upstream.GetStream());
                    var b = upstream.GetStream().CopyToAsync(c.GetStream());
                    await Task.WhenAny(a, b);
                });
            }
        });
    }

    /// <summary>The connection string with its blob and table endpoints behind delaying proxies (kept in <paramref name="proxies"/>).</summary>
    public static string Behind(string connection, TimeSpan delay, List<ConnectDelayProxy> proxies) =>
        string.Join(';', connection.Split(';').Select(part =>
        {
            if (!part.StartsWith("BlobEndpoint=", StringComparison.Ordinal) && !part.StartsWith("TableEndpoint=", StringComparison.Ordinal)) return part;
            var uri = new Uri(part[(part.IndexOf('=') + 1)..]);
            var proxy = new ConnectDelayProxy(uri.Port, delay);
            proxies.Add(proxy);
            return part[..(part.IndexOf('=') + 1)] + new UriBuilder(uri) { Port = proxy.Port }.Uri.ToString().TrimEnd('/');
        }));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
