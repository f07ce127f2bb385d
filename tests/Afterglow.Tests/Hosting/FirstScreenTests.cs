using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Auth;
using Afterglow.App.Dashboard;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Security;

namespace Afterglow.Tests.Hosting;

/// <summary>
/// A signed-in caller's dashboard page carries GET /api/me and GET /api/office as they answer (issue 14, ADR 0014e);
/// nobody else's does, and an ended session's cookie gets the bare page.
/// </summary>
public class FirstScreenTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private const string Start = $"<script type=\"application/json\" id=\"{FirstScreen.ElementId}\">";

    /// <summary>The data block's JSON, or null when the page has none; a block the page's text could close early fails to parse.</summary>
    private static JsonNode? Block(string html)
    {
        var at = html.IndexOf(Start, StringComparison.Ordinal);
        if (at < 0) return null;
        Assert.Equal(at, html.LastIndexOf(Start, StringComparison.Ordinal));
        var from = at + Start.Length;
        return JsonNode.Parse(html[from..html.IndexOf("</script>", from, StringComparison.Ordinal)]);
    }

    private async Task<(HttpResponseMessage Response, string Html)> PageAsync(StolenSession? session, string path = "/app/retirees")
    {
        var request = session?.Request(HttpMethod.Get, path) ?? new HttpRequestMessage(HttpMethod.Get, path);
        var response = await app.Raw().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> ApiAsync(StolenSession session, string path)
    {
        var response = await app.Raw().SendAsync(session.Request(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_signed_in_page_carries_me_and_the_office_as_the_api_answers_them_never_stored()
    {
        foreach (var role in Roles.All)
        {
            var (email, _) = await app.CreateAccountAsync(role);
            var session = await app.StealSessionAsync(email, AppFactory.AccountPassword);
            var (response, html) = await PageAsync(session);
            var block = Block(html) ?? throw new Xunit.Sdk.XunitException($"no first screen in the {role}'s page: {html}");
            Assert.True(JsonNode.DeepEquals(await ApiAsync(session, "/api/me"), block["me"]), block.ToJsonString());
            Assert.True(JsonNode.DeepEquals(await ApiAsync(session, "/api/office"), block["office"]), block.ToJsonString());
            Assert.Equal(role, (string?)block["me"]!["role"]);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            // The page is otherwise the built one, untouched.
            Assert.Contains("<script src=\"/app/assets/index-abc.js\"></script>", html);
        }
    }

    [Fact]
    public async Task Without_a_live_session_the_page_has_no_first_screen()
    {
        var (anonymous, html) = await PageAsync(null, "/app/");
        Assert.Null(Block(html));
        Assert.Equal("no-cache", anonymous.Headers.CacheControl?.ToString());

        var (email, _) = await app.CreateAccountAsync(Roles.Coordinator);
        var session = await app.StealSessionAsync(email, AppFactory.AccountPassword);
        Assert.NotNull(Block((await PageAsync(session)).Html));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Raw().SendAsync(session.Request(HttpMethod.Post, "/api/auth/logout"))).StatusCode);
        // The same cookie, replayed after sign-out: the bare page, with nothing of the account in it.
        var (after, afterHtml) = await PageAsync(session);
        Assert.Null(Block(afterHtml));
        Assert.DoesNotContain(email, afterHtml);
        Assert.Equal("no-cache", after.Headers.CacheControl?.ToString());

        // A made-up cookie is no session either.
        var forged = new StolenSession($"{AuthExtensions.CookieName}=CfDJ8forged; {Xsrf.CookieName}=x", "x");
        Assert.Null(Block((await PageAsync(forged)).Html));
    }

    [Fact]
    public async Task A_name_that_would_close_the_element_stays_inside_it()
    {
        const string name = "王</script><script>alert(1)</script><!-- 甲";
        var admin = await app.AdminAsync();
        var email = $"closing{Guid.NewGuid():N}"[..20] + "@test.local";
        var created = await admin.PostAsJsonAsync("/api/accounts", new { email, displayName = name, role = Roles.Coordinator, password = AppFactory.AccountPassword });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await app.StealSessionAsync(email, AppFactory.AccountPassword);

        var html = (await PageAsync(session)).Html;
        Assert.Equal(name, (string?)Block(html)!["me"]!["displayName"]);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<!--", html);
    }

    [Fact]
    public async Task When_the_office_cannot_be_read_the_page_still_opens_and_asks_for_it_as_before()
    {
        await using var own = new DashboardAppFactory();
        var session = await own.StealSessionAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        // A row that no longer reads (here: not JSON) stands for any failure of that one read after the session's.
        var settings = await own.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.Settings);
        await settings.UpsertEntityAsync(new TableEntity("office", "current") { ["Json"] = "{ not json" });

        var response = await own.Raw().SendAsync(session.Request(HttpMethod.Get, "/app/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Block(await response.Content.ReadAsStringAsync()));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        // The page then asks /api/me itself, which does not need the office.
        Assert.Equal(HttpStatusCode.OK, (await own.Raw().SendAsync(session.Request(HttpMethod.Get, "/api/me"))).StatusCode);
    }

    [Theory]
    [InlineData("<!doctype html><html><head><title>A</title></head><body></body></html>", "<title>A</title>", "</head>")]
    [InlineData("<!doctype html><title>A</title><script src=\"/a.js\"></script>", "<script src=\"/a.js\"></script>", null)]
    public void The_block_goes_before_the_heads_end_or_at_the_pages_end(string page, string before, string? after)
    {
        var html = FirstScreen.Into(page, """{"me":{"displayName":"</SCRIPT>"}}""");
        var block = html.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(html.IndexOf(before, StringComparison.Ordinal) < block);
        if (after is not null) Assert.True(html.IndexOf(after, StringComparison.Ordinal) > block);
        else Assert.EndsWith("</script>", html);
        Assert.Equal("</SCRIPT>", (string?)Block(html)!["me"]!["displayName"]);
        Assert.DoesNotContain("</SCRIPT>", html);
    }
}
