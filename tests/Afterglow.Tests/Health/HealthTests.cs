using System.Net;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.Tests.Health;

public class HealthTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Health_is_anonymous_and_200_when_storage_answers()
    {
        var response = await App.Anonymous().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body["tables"]!.GetValue<bool>());
        Assert.True(body["blobs"]!.GetValue<bool>());
    }
}

/// <summary>An app whose storage account is a closed port.</summary>
public class UnreachableStorageFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
    };
}

public class UnreachableStorageTests(UnreachableStorageFactory app) : IClassFixture<UnreachableStorageFactory>
{
    [Fact]
    public async Task Health_is_503_with_a_problem_body_when_storage_is_unreachable()
    {
        var response = await app.Anonymous().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.False(body["tables"]!.GetValue<bool>());
        Assert.Equal(["storage"], body["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("not reachable", body["detail"]!.GetValue<string>());
    }
}

/// <summary>Storage that answers the probe but takes two seconds over every read of the check-ins table.</summary>
public sealed class SlowCheckInsPolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Uri.Path.Contains(StorageNames.CheckIns, StringComparison.Ordinal))
            await Task.Delay(TimeSpan.FromSeconds(2), message.CancellationToken);
        await ProcessNextAsync(message, pipeline);
    }
}

public sealed class SlowStorageFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Health:StorageTimeout"] = "00:00:00.5" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(sp =>
            new StorageAccount(StorageOptions.Read(sp.GetRequiredService<IConfiguration>()), new SlowCheckInsPolicy()))));
    }
}

public class SlowStorageTests(SlowStorageFactory app) : IClassFixture<SlowStorageFactory>
{
    [Fact]
    public async Task Health_is_503_naming_storage_when_it_answers_the_probe_but_not_the_engines_reads_in_time()
    {
        var response = await app.Anonymous().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.True(body["tables"]!.GetValue<bool>());
        Assert.Equal(["storage"], body["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("Storage is too slow to answer.", body["title"]!.GetValue<string>());
        Assert.Contains("0.5 s", body["detail"]!.GetValue<string>());
    }
}

/// <summary>Every storage call timed; the probe of the table service (the list of tables) held back.</summary>
public sealed class TimedStoragePolicy : HttpPipelinePolicy
{
    public readonly System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, DateTimeOffset Started, DateTimeOffset Answered)> Calls = new();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = DateTimeOffset.UtcNow;
        var path = message.Request.Uri.Path;
        if (message.Request.Method == RequestMethod.Get && path.EndsWith("/Tables", StringComparison.Ordinal))
            await Task.Delay(TimeSpan.FromMilliseconds(700), message.CancellationToken);
        await ProcessNextAsync(message, pipeline);
        Calls.Enqueue((message.Request.Method.Method, path, started, DateTimeOffset.UtcNow));
    }
}

public sealed class TimedStorageFactory : AppFactory
{
    public TimedStoragePolicy Storage { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(sp =>
            new StorageAccount(StorageOptions.Read(sp.GetRequiredService<IConfiguration>()), Storage))));
    }
}

public class HealthProbeTests(TimedStorageFactory app) : IClassFixture<TimedStorageFactory>
{
    [Fact]
    public async Task The_engines_reads_do_not_wait_for_the_storage_probe()
    {
        _ = app.Server;
        await Task.Delay(1500); // the start's own check done
        app.Storage.Calls.Clear();
        var response = await app.Anonymous().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = app.Storage.Calls.ToList();
        var probe = Assert.Single(calls, c => c.Method == "GET" && c.Path.EndsWith("/Tables", StringComparison.Ordinal));
        var reads = calls.Where(c => c.Path.Contains(app.Prefix + StorageNames.Incidents, StringComparison.Ordinal)
            || c.Path.Contains(app.Prefix + StorageNames.Outbox, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.True(r.Started < probe.Answered, $"{r.Path} started {(r.Started - probe.Answered).TotalMilliseconds:0} ms after the probe answered"));
    }
}

/// <summary>Its own app: no test has asked it anything.</summary>
public class StorageWarmUpTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_start_opens_the_engines_tables_before_any_request()
    {
        _ = app.Server; // the app started; no request made
        var tables = new Azure.Data.Tables.TableServiceClient(AppFactory.StorageConnection);
        string[] engine = [StorageNames.CheckIns, StorageNames.Incidents, StorageNames.Outbox];
        var found = new List<string>();
        for (var wait = 0; wait < 100 && found.Count < engine.Length; wait++)
        {
            await Task.Delay(100);
            found = [.. engine.Where(t => tables.Query(filter: $"TableName eq '{app.Prefix}{t}'").Any())];
        }
        Assert.Equal(engine, found);
    }
}
