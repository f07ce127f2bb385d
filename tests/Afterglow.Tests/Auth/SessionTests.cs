using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Security;

namespace Afterglow.Tests.Auth;

/// <summary>
/// Every way a session must end, proved by replaying the old cookie from a client that keeps sending it (a
/// browser can be told to drop a cookie; a thief's copy cannot).
/// </summary>
public class SessionTests(AppFactory app) : AppTests(app)
{
    private async Task<HttpStatusCode> StatusAsync(StolenSession s, HttpMethod method, string url, string? json = null) =>
        (await App.Raw().SendAsync(s.Request(method, url, json))).StatusCode;

    [Fact]
    public async Task After_sign_out_the_old_cookie_reads_and_exports_nothing()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(stolen, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(stolen, HttpMethod.Get, "/api/retirees/export"));

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(stolen, HttpMethod.Post, "/api/auth/logout"));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Get, "/api/retirees/export"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Post, "/api/retirees", """{"name":"甲","birthDate":"1950-01-01","mobile":"13800138000"}"""));
    }

    [Fact]
    public async Task A_disabled_accounts_cookie_stops_writing_at_once()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var admin = await App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/accounts/{email}", new { disabled = true })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Post, "/api/people", """{"name":"乙","phone":"13900139000","role":"staff"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Get, "/api/me"));
        var people = await (await admin.GetAsync("/api/people")).JsonArrayAsync();
        Assert.DoesNotContain(people, p => p!["name"]!.GetValue<string>() == "乙");
    }

    [Fact]
    public async Task A_demoted_admins_cookie_no_longer_creates_accounts()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Admin);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(stolen, HttpMethod.Get, "/api/accounts/"));

        var admin = await App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/accounts/{email}", new { role = Roles.Coordinator })).EnsureSuccessStatusCode();

        var create = $$"""{"email":"sneaky@test.local","displayName":"S","role":"admin","password":"a-long-fresh-passphrase"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Post, "/api/accounts/", create));
        var accounts = await (await admin.GetAsync("/api/accounts/")).JsonArrayAsync();
        Assert.DoesNotContain(accounts, a => a!["email"]!.GetValue<string>() == "sneaky@test.local");
        // Signing in again gives a session with the new role.
        var fresh = await App.SignInAsync(email, AppFactory.AccountPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await fresh.GetAsync("/api/accounts/")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_signed_in_with_the_old_password()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var admin = await App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/accounts/{email}", new { password = "a-brand-new-passphrase" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(stolen, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.OK, (await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = "a-brand-new-passphrase" })).StatusCode);
    }

    [Fact]
    public async Task A_name_change_keeps_the_session()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var stolen = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var admin = await App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/accounts/{email}", new { displayName = "Renamed" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(stolen, HttpMethod.Get, "/api/me"));
    }

    [Fact]
    public async Task An_active_session_still_ends_at_its_absolute_lifetime_and_an_idle_one_sooner()
    {
        var (email, _) = await App.CreateAccountAsync(Roles.Coordinator);
        // A browser that keeps every refreshed cookie (sliding expiry) and works all day.
        var active = await App.SignInAsync(email, AppFactory.AccountPassword);
        var idle = await App.StealSessionAsync(email, AppFactory.AccountPassword);
        var step = TimeSpan.FromMinutes(45);
        var elapsed = TimeSpan.Zero;
        while (elapsed + step < Sessions.Absolute)
        {
            App.Clock.Advance(step);
            elapsed += step;
            Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/api/me")).StatusCode);
        }
        // Idle since sign-in for longer than the idle timeout.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(idle, HttpMethod.Get, "/api/me"));

        App.Clock.Advance(Sessions.Absolute - elapsed + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await active.GetAsync("/api/me")).StatusCode);
    }
}
