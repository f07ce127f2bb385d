using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Hosting;

/// <summary>A built dashboard in a folder of its own, as AFTERGLOW_WEB_ROOT points at web/dist.</summary>
public sealed class DashboardAppFactory : AppFactory
{
    public string Root { get; } = Directory.CreateTempSubdirectory("afterglow-web-").FullName;
    public string Script { get; } = "const greeting = 'Afterglow';\n" + string.Concat(Enumerable.Repeat("console.log(greeting);\n", 400));

    public DashboardAppFactory()
    {
        Directory.CreateDirectory(Path.Combine(Root, "assets"));
        File.WriteAllText(Path.Combine(Root, "index.html"), "<!doctype html><title>Afterglow</title><script src=\"/app/assets/index-abc.js\"></script>");
        File.WriteAllText(Path.Combine(Root, "assets", "index-abc.js"), Script);
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["AFTERGLOW_WEB_ROOT"] = Root };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // WebApplicationFactory's DisposeAsync and Dispose both end here; the second call finds the folder gone.
        if (disposing && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

public class DashboardFilesTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        return request;
    }

    [Fact]
    public async Task Scripts_go_compressed_and_cached_for_a_year_and_api_answers_are_never_compressed()
    {
        var client = app.Anonymous();
        var script = await client.SendAsync(Get("/app/assets/index-abc.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("gzip", Assert.Single(script.Content.Headers.ContentEncoding));
        Assert.Contains("immutable", script.Headers.CacheControl!.ToString());
        var compressed = await script.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < app.Script.Length / 4, $"{compressed.Length} bytes for {app.Script.Length}");
        await using var unzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        Assert.Equal(app.Script, await new StreamReader(unzip).ReadToEndAsync());

        var page = await client.SendAsync(Get("/app/retirees"));
        Assert.Equal("gzip", Assert.Single(page.Content.Headers.ContentEncoding));

        var health = await client.SendAsync(Get("/api/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(health.Content.Headers.ContentEncoding);
        var me = await client.SendAsync(Get("/api/me"));
        Assert.Empty(me.Content.Headers.ContentEncoding);
    }
}
