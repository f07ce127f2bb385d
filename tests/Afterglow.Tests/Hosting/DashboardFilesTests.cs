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
        // As the web build leaves them: compressed copies beside the script, and a style that has none.
        var bytes = System.Text.Encoding.UTF8.GetBytes(Script);
        File.WriteAllBytes(Path.Combine(Root, "assets", "index-abc.js.br"), Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        File.WriteAllBytes(Path.Combine(Root, "assets", "index-abc.js.gz"), Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        File.WriteAllText(Path.Combine(Root, "assets", "plain-def.css"), string.Concat(Enumerable.Repeat("p { color: #222; }\n", 200)));
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        var output = new MemoryStream();
        using (var z = compressor(output)) z.Write(bytes);
        return output.ToArray();
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
    private static HttpRequestMessage Get(string path, string acceptEncoding = "gzip")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return request;
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br", ".br")]
    [InlineData("br;q=1.0, gzip;q=0.5", "br", ".br")]
    [InlineData("gzip", "gzip", ".gz")]
    [InlineData("br;q=0, gzip", "gzip", ".gz")]
    public async Task A_script_the_build_compressed_goes_as_built_brotli_first(string accept, string encoding, string suffix)
    {
        var script = await app.Anonymous().SendAsync(Get("/app/assets/index-abc.js", accept));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(encoding, Assert.Single(script.Content.Headers.ContentEncoding));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept-Encoding", script.Headers.Vary);
        Assert.Contains("immutable", script.Headers.CacheControl!.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(app.Root, "assets", "index-abc.js" + suffix)), await script.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_a_compressed_copy_or_an_encoding_the_file_goes_as_static_files_send_it()
    {
        var client = app.Anonymous();
        var plain = await client.SendAsync(Get("/app/assets/index-abc.js", ""));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(app.Script, await plain.Content.ReadAsStringAsync());
        var style = await client.SendAsync(Get("/app/assets/plain-def.css", "br"));
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("br", Assert.Single(style.Content.Headers.ContentEncoding));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get("/app/assets/none.js", "br"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get("/app/assets/..%2Findex.html", "br"))).StatusCode);
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
