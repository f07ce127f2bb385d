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
