using System.Net;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Afterglow.Tests.Security;

/// <summary>Entra ID sign-in switched on, with the tenant's metadata given (no network): the challenge is what the browser sees.</summary>
public class OidcFactory : PeerFactory
{
    public const string AuthorizeEndpoint = "https://login.example.test/tenant/oauth2/v2.0/authorize";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Oidc:Authority"] = "https://login.example.test/tenant/v2.0",
        ["Auth:Oidc:ClientId"] = "afterglow-client",
        ["Auth:Oidc:ClientSecret"] = "not-a-real-secret",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme,
            o => o.Configuration = new OpenIdConnectConfiguration { AuthorizationEndpoint = AuthorizeEndpoint, Issuer = "https://login.example.test/tenant/v2.0" }));
    }
}

/// <summary>
/// Behind the Functions host the app is reached over plain HTTP on loopback; the redirect back from Entra ID must
/// still be https on the public host name, or the tenant refuses it (and a code would travel in clear text).
/// </summary>
public class OidcRedirectTests(OidcFactory app) : IClassFixture<OidcFactory>
{
    private async Task<HttpResponseMessage> ChallengeAsync(string? peer, string? proto)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = false, AllowAutoRedirect = false, BaseAddress = new Uri("http://afterglow.example.org"),
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/oidc");
        if (peer is not null) request.Headers.Add(PeerFactory.PeerHeader, peer);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        request.Headers.Add("X-Forwarded-For", "203.0.113.20");
        return await client.SendAsync(request);
    }

    private static string RedirectUri(HttpResponseMessage challenge)
    {
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.ToString();
        Assert.StartsWith(OidcFactory.AuthorizeEndpoint, location, StringComparison.Ordinal);
        var query = location[(location.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("code", query["response_type"]);
        Assert.True(query.ContainsKey("code_challenge"), "PKCE");
        return query["redirect_uri"];
    }

    [Fact]
    public async Task The_redirect_back_is_https_on_the_public_host_when_the_functions_host_says_https()
    {
        var challenge = await ChallengeAsync(peer: null, proto: "https");
        Assert.Equal("https://afterglow.example.org/api/auth/oidc/callback", RedirectUri(challenge));
        // The correlation and nonce cookies of the flow are Secure too.
        Assert.All(challenge.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_client_that_is_not_the_host_cannot_choose_the_scheme()
    {
        var challenge = await ChallengeAsync(peer: "198.51.100.30", proto: "https");
        Assert.Equal("http://afterglow.example.org/api/auth/oidc/callback", RedirectUri(challenge));
    }
}
