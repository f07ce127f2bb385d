using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Hosting;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Afterglow.Tests.Security;

/// <summary>The Functions host on loopback forwards the client's address and scheme; nobody else may.</summary>
public class ForwardedHeaderTests(PeerFactory app) : IClassFixture<PeerFactory>
{
    private const string Outsider = "198.51.100.7";

    private static HttpRequestMessage Login(string? peer, string? forwardedFor, string? proto, string email = "nobody@x.org", string password = "x")
    {
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        if (peer is not null) r.Headers.Add(PeerFactory.PeerHeader, peer);
        if (forwardedFor is not null) r.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null) r.Headers.Add("X-Forwarded-Proto", proto);
        return r;
    }

    [Fact]
    public async Task Https_forwarded_by_the_host_makes_the_session_cookie_secure_and_from_anyone_else_it_does_not()
    {
        var viaHost = await app.Raw().SendAsync(Login(null, "203.0.113.5", "https", AppFactory.AdminEmail, AppFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, viaHost.StatusCode);
        Assert.All(viaHost.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("max-age", viaHost.Headers.GetValues("Strict-Transport-Security").Single());

        var spoofed = await app.Raw().SendAsync(Login(Outsider, "203.0.113.5", "https", AppFactory.AdminEmail, AppFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, spoofed.StatusCode);
        Assert.All(spoofed.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));
    }
}

public class RateLimitedPeerFactory : PeerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:LoginAttemptsPerMinute"] = "10" };
}

public class ClientAddressRateLimitTests(RateLimitedPeerFactory app) : IClassFixture<RateLimitedPeerFactory>
{
    private static HttpRequestMessage Login(string? peer, string forwardedFor, string email)
    {
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password = "wrong-password-123" }) };
        if (peer is not null) r.Headers.Add(PeerFactory.PeerHeader, peer);
        r.Headers.Add("X-Forwarded-For", forwardedFor);
        return r;
    }

    [Fact]
    public async Task Behind_the_host_each_client_address_has_its_own_budget()
    {
        var client = app.Raw();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Login(null, "203.0.113.10", $"a{i}@x.org"))).StatusCode);
        var limited = await client.SendAsync(Login(null, "203.0.113.10", "a10@x.org"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Another office worker is not locked out by the attacker.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Login(null, "203.0.113.11", "b0@x.org"))).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_the_host_cannot_pick_a_fresh_address_per_attempt()
    {
        var client = app.Raw();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) statuses.Add((await client.SendAsync(Login("198.51.100.8", $"192.0.2.{i + 1}", $"c{i}@x.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task One_account_has_a_budget_of_its_own_across_addresses()
    {
        var client = app.Raw();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) statuses.Add((await client.SendAsync(Login(null, $"198.18.0.{i + 1}", "target@x.org"))).StatusCode);
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        var last = await client.SendAsync(Login(null, "198.18.1.1", "target@x.org"));
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
    }
}

public class SecurityHeaderTests(AppFactory app) : AppTests(app)
{
    [Theory]
    [InlineData("GET", "/api/health")]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("POST", "/api/auth/login")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/app/")]
    public async Task Every_answer_carries_the_security_headers(string method, string url)
    {
        var response = await App.Raw().SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? JsonContent.Create(new { }) : null });
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
    }
}

/// <summary>Standalone in production: what a server someone runs outside the Functions host looks like.</summary>
public class ProductionFactory : AppFactory
{
    // Outside Development a real gateway must be named, or the app does not start (GatewayChoiceTests).
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sms:Gateway"] = "acs", ["Acs:ConnectionString"] = $"endpoint=https://acs.invalid/;accesskey={Convert.ToBase64String(new byte[32])}",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public class ProductionEdgeTests(ProductionFactory app) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task Session_and_anti_forgery_cookies_are_secure_even_over_plain_http()
    {
        var login = await app.Raw().PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, cookies.Count);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("""{"name":"李","birthDate":"not a date","mobile":"13800138000"}""", "birthDate")]
    [InlineData("""{"name":5,"birthDate":"1940-01-01","mobile":"13800138000"}""", "name")]
    [InlineData("""{"name":"李","birthDate":"1940-01-01","mobile":"13800138000","shoeSize":3}""", "shoeSize")]
    [InlineData("""{"name":"李","birthDate":"1940-01-01","mobile":"13800138000","emergencyContacts":[{"name":"子","phone":7}]}""", "emergencyContacts[0].phone")]
    public async Task A_body_that_does_not_bind_is_a_400_naming_the_field_in_production_too(string body, string field)
    {
        // Production binds without the Development default of throwing; the answer must still name the field.
        var client = app.Raw();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        SecureCookies.SendByHand(client, login); // Secure cookies: sent by hand over the test's http
        var response = await client.PostAsync("/api/retirees", SecurityClients.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/NightlyAgeBands")]
    [InlineData("/CheckInSweep")]
    [InlineData("/SmsReceived")]
    [InlineData("/SmsDeliveryReport")]
    [InlineData("/SmsEvents")]
    [InlineData("/NightlyBackup")]
    public async Task Invocation_paths_are_not_there_outside_the_functions_host(string path)
    {
        var response = await app.Raw().PostAsync(path, SecurityClients.Json("""{"Data":{},"Metadata":{}}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public class InsecureBindingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://+:80", true)]
    [InlineData("http://10.1.2.3:7071", true)]
    [InlineData("http://[::]:7071", true)]
    [InlineData("http://127.0.0.1:7071", false)]
    [InlineData("http://localhost:7071", false)]
    [InlineData("http://[::1]:7071", false)]
    [InlineData("https://0.0.0.0:8443", false)]
    [InlineData("https://0.0.0.0:8443;http://0.0.0.0:8080", true)]
    public void Plain_http_beyond_loopback_is_found(string urls, bool insecure) =>
        Assert.Equal(insecure, Edge.InsecureBindings(urls).Count > 0);

    private sealed class Binding(string urls, bool allow) : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["urls"] = urls,
            [Edge.AllowInsecureHttp] = allow ? "true" : "false",
        };
    }

    [Fact]
    public async Task Standalone_on_a_public_address_without_tls_refuses_to_start_unless_told()
    {
        await FailingStart.AssertStopsSayingAsync("Refusing to serve plain HTTP", "Development", ("urls", "http://0.0.0.0:18080"), (Edge.AllowInsecureHttp, "false"));
        using var allowed = new Binding("http://0.0.0.0:18080", allow: true);
        Assert.NotNull(allowed.CreateClient());
    }
}
