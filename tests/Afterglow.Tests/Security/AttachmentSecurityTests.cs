using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Afterglow.App.Retirees;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Registry;

namespace Afterglow.Tests.Security;

public class AttachmentSecurityTests(AppFactory app) : AppTests(app)
{
    private static readonly byte[] Png = AttachmentTests.Png;
    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Jpeg => Concat([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], "JFIF\0"u8.ToArray(), new byte[64], [0xFF, 0xD9]);
    public static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>Files that claim to be images or documents but are (or carry) something a browser or reader would run.</summary>
    public static TheoryData<string, byte[]> Polyglots => new()
    {
        { "PNG header, HTML body", Concat(Png[..8], Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")) },
        { "whole PNG, HTML after IEND", Concat(Png, Encoding.ASCII.GetBytes("<script>alert(1)</script>")) },
        { "PNG with HTML inside a chunk", Concat(Png[..33], Chunk("tEXt", "c\0<SCRIPT>alert(1)</SCRIPT>"), Png[33..]) },
        { "JPEG header, HTML, JPEG end", Concat([0xFF, 0xD8, 0xFF, 0xE0], Encoding.ASCII.GetBytes("<!DOCTYPE html><body onload=alert(1)>"), [0xFF, 0xD9]) },
        { "JPEG without its end", Concat([0xFF, 0xD8, 0xFF, 0xE0], new byte[32]) },
        { "PDF with JavaScript", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF") },
        { "PDF with an embedded file", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /EmbeddedFiles 2 0 R >> endobj\n%%EOF") },
        { "SVG", Encoding.ASCII.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>") },
        { "truncated PNG", Png[..40] },
    };

    private static byte[] Chunk(string type, string data)
    {
        var d = Encoding.Latin1.GetBytes(data);
        var len = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(len, (uint)d.Length);
        return Concat(len, Encoding.ASCII.GetBytes(type), d, new byte[4]);
    }

    private static MultipartFormDataContent File(byte[] bytes, string name, string type = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static int _mobiles;
    private static string NextMobile() => $"1380013{Interlocked.Increment(ref _mobiles):D4}";

    private async Task<(HttpClient Admin, Uri Retiree)> RetireeAsync(string mobile)
    {
        var admin = await App.AdminAsync();
        var retiree = (await admin.PostAsJsonAsync("/api/retirees", new { name = "附件安全", birthDate = "1940-01-01", mobile })).Headers.Location!;
        return (admin, retiree);
    }

    [Theory]
    [MemberData(nameof(Polyglots))]
    public async Task Polyglots_are_refused_and_nothing_is_stored(string what, byte[] bytes)
    {
        var (admin, retiree) = await RetireeAsync(NextMobile());
        var response = await admin.PostAsync($"{retiree}/attachments", File(bytes, "scan.png"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("file"), what);
        Assert.Empty(await (await admin.GetAsync($"{retiree}/attachments")).JsonArrayAsync());
    }

    [Theory]
    [InlineData("evil.html", "evil.png")]
    [InlineData("../../etc/passwd", "passwd.png")]
    [InlineData("C:\\Users\\x\\photo.PNG", "photo.png")]
    [InlineData("photo\u202Egnp.exe", "photognp.png")]
    [InlineData("a<b>|c?.png", "a_b__c_.png")]
    [InlineData("...", "attachment.png")]
    public async Task Names_are_cleaned_and_take_the_extension_of_the_content(string uploaded, string expected)
    {
        var (admin, retiree) = await RetireeAsync(NextMobile());
        var upload = await admin.PostAsync($"{retiree}/attachments", File(Png, uploaded, "text/html"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var body = await upload.JsonAsync();
        Assert.Equal(expected, body["fileName"]!.GetValue<string>());
        Assert.Equal("image/png", body["contentType"]!.GetValue<string>());

        var download = await admin.GetAsync($"{retiree}/attachments/{body["id"]!.GetValue<string>()}");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var audit = await (await admin.GetAsync("/api/audit/")).Content.ReadAsStringAsync();
        Assert.Contains("attachment.read", audit);
    }

    [Fact]
    public async Task Real_jpeg_and_pdf_files_are_accepted()
    {
        var (admin, retiree) = await RetireeAsync("13800150001");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{retiree}/attachments", File(Jpeg, "photo.jpg", "image/jpeg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{retiree}/attachments", File(Pdf, "form.pdf", "application/pdf"))).StatusCode);
    }

    [Fact]
    public void The_name_cleaner_keeps_chinese_names() =>
        Assert.Equal("体检报告.pdf", AttachmentContent.SafeName("体检报告.pdf", AttachmentContent.Pdf));
}
