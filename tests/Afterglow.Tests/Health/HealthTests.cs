using System.Net;
using Afterglow.Tests.Infrastructure;

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
