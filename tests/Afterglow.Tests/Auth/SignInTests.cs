using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Auth;

public class SignInTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task The_first_admin_signs_in_and_me_tells_who_they_are()
    {
        var admin = await App.AdminAsync();
        var me = await (await admin.GetAsync("/api/me")).JsonAsync();
        Assert.Equal("admin", me["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_401_and_sign_out_ends_the_session()
    {
        var wrong = await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var (email, _) = await App.CreateAccountAsync("coordinator");
        var anon = App.Anonymous();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" })).StatusCode);
        var locked = await anon.PostAsJsonAsync("/api/auth/login", new { email, password = "password-123456" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        // The answer does not say the account exists (AntiForgeryAndLockoutTests compares it with an unknown one).
        Assert.Null((await locked.JsonAsync())["lockedUntil"]);

        App.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/auth/login", new { email, password = "password-123456" })).StatusCode);
    }

    [Fact]
    public async Task A_cookie_write_without_the_anti_forgery_header_is_403()
    {
        var admin = await App.AdminAsync();
        admin.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        var response = await admin.PostAsJsonAsync("/api/retirees", new { name = "A", birthDate = "1950-01-01", mobile = "13800138000" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        admin.DefaultRequestHeaders.Add("X-XSRF-TOKEN", "forged");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/retirees", new { name = "A", birthDate = "1950-01-01", mobile = "13800138000" })).StatusCode);
    }

    [Fact]
    public async Task Login_validation_names_the_missing_fields()
    {
        var response = await App.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.True(errors.ContainsKey("email"));
        Assert.True(errors.ContainsKey("password"));
    }
}

/// <summary>An app with the production login limit.</summary>
public class RateLimitedFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:LoginAttemptsPerMinute"] = "10" };
}

public class LoginRateLimitTests(RateLimitedFactory app) : IClassFixture<RateLimitedFactory>
{
    private RateLimitedFactory App { get; } = app;

    [Fact]
    public async Task More_than_ten_attempts_a_minute_from_one_address_are_429()
    {
        var anon = App.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await anon.PostAsJsonAsync("/api/auth/login", new { email = $"nobody{i}@x.org", password = "x" })).StatusCode);
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
