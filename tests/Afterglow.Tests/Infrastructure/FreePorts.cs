using System.Net;
using System.Net.Sockets;

namespace Afterglow.Tests.Infrastructure;

/// <summary>A loopback port nothing listens on, for a process a test or benchmark starts. Shared with the benchmarks.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
