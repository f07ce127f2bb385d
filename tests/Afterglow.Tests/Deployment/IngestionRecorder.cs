using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// Azure Monitor's ingestion endpoint, which cannot be reached from here, on a free local port (as the SMS fakes are):
/// it accepts every batch as the service does and keeps the name of each item (Request, RemoteDependency, Metric...).
/// </summary>
public sealed class IngestionRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _items = new();

    private IngestionRecorder(WebApplication app) => _app = app;

    /// <summary>What APPLICATIONINSIGHTS_CONNECTION_STRING says to send telemetry here.</summary>
    public string ConnectionString { get; private set; } = "";

    public string Seen => string.Join(", ", _items.Distinct());

    public static async Task<IngestionRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var recorder = new IngestionRecorder(app);
        app.MapPost("/v2.1/track", recorder.TrackAsync);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        recorder.ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={url}/";
        return recorder;
    }

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

    /// <summary>One batch: newline-delimited JSON items, gzipped when the exporter says so.</summary>
    private async Task TrackAsync(HttpContext http)
    {
        var body = http.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(http.Request.Body, CompressionMode.Decompress) : http.Request.Body;
        using var reader = new StreamReader(body);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            count++;
            try { if (JsonNode.Parse(line)?["name"]?.GetValue<string>() is { } name) _items.Enqueue(name); }
            catch (JsonException) { _items.Enqueue("(not JSON)"); }
        }
        await http.Response.WriteAsJsonAsync(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
