using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// Azure Monitor's ingestion endpoint, which cannot be reached from here, on a free local port: it accepts every
/// POST as the service does and keeps the name of each item (Request, RemoteDependency, Metric...) it carried.
/// </summary>
public sealed class IngestionRecorder : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _items = new();

    public IngestionRecorder()
    {
        var port = FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:{port}/";
        _ = Task.Run(ListenAsync);
    }

    /// <summary>What APPLICATIONINSIGHTS_CONNECTION_STRING says to send telemetry here.</summary>
    public string ConnectionString { get; }

    public string Seen => string.Join(", ", _items.Distinct());

    /// <summary>Whether an item of this name arrived within <paramref name="timeout"/> (the exporter sends in batches).</summary>
    public async Task<bool> WaitForAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_items.Contains(name))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
        return true;
    }

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; } // stopped
            var body = context.Request.InputStream;
            if (context.Request.Headers["Content-Encoding"] == "gzip") body = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(body, Encoding.UTF8);
            var count = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (JsonNode.Parse(line)?["name"]?.GetValue<string>() is { } name) _items.Enqueue(name);
                count++;
            }
            var answer = Encoding.UTF8.GetBytes($$"""{"itemsReceived":{{count}},"itemsAccepted":{{count}},"errors":[]}""");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
