using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Security;

namespace Afterglow.Tests.Auth;

public class AntiForgeryAndLockoutTests(AppFactory app) : AppTests(app)
{
    private const string NewPerson = """{"name":"丙","phone":"13900139001","role":"staff"}""";

    [Fact]
    public async Task The_anti_forgery_token_works_only_with_the_session_it_was_issued_for()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var mine = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var other = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var raw = App.Raw();

        // My cookie with another session's token (even of the same account).
        var swapped = new StolenSession(mine.Cookie.Split(';')[0] + $"; {Xsrf.CookieName}={other.Token}", other.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await raw.SendAsync(swapped.Request(HttpMethod.Post, "/api/people", NewPerson))).StatusCode);
        // An equal cookie/header pair made up by the attacker.
        var forged = new StolenSession(mine.Cookie.Split(';')[0] + $"; {Xsrf.CookieName}=forged", "forged");
        var refused = await raw.SendAsync(forged.Request(HttpMethod.Post, "/api/people", NewPerson));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Created, (await raw.SendAsync(mine.Request(HttpMethod.Post, "/api/people", NewPerson))).StatusCode);
    }

    [Fact]
    public async Task Parallel_wrong_passwords_all_count_and_the_lock_holds_for_the_right_one()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var attempts = Enumerable.Range(0, 10).Select(_ => App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-123" }));
        Assert.All(await Task.WhenAll(attempts), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.AccountPassword })).StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.AccountPassword })).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_answers_exactly_like_an_unknown_one()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        for (var i = 0; i < 5; i++) await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-123" });

        var locked = await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.AccountPassword });
        var unknown = await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "nobody-here@test.local", password = AppFactory.AccountPassword });
        var wrong = await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = "not-the-password" });
        Assert.Equal(unknown.StatusCode, locked.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var bodies = new[] { locked, unknown, wrong }.Select(r => r.Content.ReadAsStringAsync().Result).Select(Strip).ToList();
        Assert.Equal(bodies[1], bodies[0]);
        Assert.Equal(bodies[1], bodies[2]);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
    }

    /// <summary>The trace id differs per request; everything else must be the same.</summary>
    private static string Strip(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
