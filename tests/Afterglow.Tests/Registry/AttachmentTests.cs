using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

public class AttachmentTests(AppFactory app) : AppTests(app)
{
    /// <summary>A real 1×1 PNG: signature, IHDR, IDAT, IEND (the content check reads the chunks).</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static MultipartFormDataContent File(byte[] bytes, string name, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task Uploads_lists_downloads_and_deletes_a_scan()
    {
        var admin = await App.AdminAsync();
        var retiree = (await admin.PostAsJsonAsync("/api/retirees", new { name = "附件", birthDate = "1940-01-01", mobile = "13800138200" })).Headers.Location!;
        var upload = await admin.PostAsync($"{retiree}/attachments", File(Png, "体检报告.png", "image/png"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.JsonAsync())["id"]!.GetValue<string>();

        var list = await (await admin.GetAsync($"{retiree}/attachments")).JsonArrayAsync();
        var item = Assert.Single(list);
        Assert.Equal("体检报告.png", item!["fileName"]!.GetValue<string>());

        var download = await admin.GetAsync($"{retiree}/attachments/{id}");
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{retiree}/attachments/{id}")).StatusCode);
        Assert.Empty(await (await admin.GetAsync($"{retiree}/attachments")).JsonArrayAsync());
    }

    [Fact]
    public async Task Refuses_files_that_are_not_jpeg_png_or_pdf_whatever_they_claim()
    {
        var admin = await App.AdminAsync();
        var retiree = (await admin.PostAsJsonAsync("/api/retirees", new { name = "附件二", birthDate = "1940-01-01", mobile = "13800138201" })).Headers.Location!;
        var exe = await admin.PostAsync($"{retiree}/attachments", File("MZ\u0090\0"u8.ToArray(), "scan.png", "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.True((await exe.ErrorsAsync()).ContainsKey("file"));
        Assert.Empty(await (await admin.GetAsync($"{retiree}/attachments")).JsonArrayAsync());
    }

    [Fact]
    public async Task Refuses_files_over_ten_megabytes()
    {
        var admin = await App.AdminAsync();
        var retiree = (await admin.PostAsJsonAsync("/api/retirees", new { name = "附件三", birthDate = "1940-01-01", mobile = "13800138202" })).Headers.Location!;
        var big = new byte[11 * 1024 * 1024];
        Png.CopyTo(big, 0);
        var response = await admin.PostAsync($"{retiree}/attachments", File(big, "big.png", "image/png"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        Assert.Empty(await (await admin.GetAsync($"{retiree}/attachments")).JsonArrayAsync());
    }

    [Fact]
    public async Task An_unknown_retiree_has_no_attachments()
    {
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/retirees/rNOPE/attachments")).StatusCode);
    }
}
