using System.Net;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Security;

/// <summary>A session as an attacker holds it: the raw cookie and token, replayed by a client that never drops them.</summary>
public sealed record StolenSession(string Cookie, string Token)
{
    public static StolenSession From(HttpResponseMessage login)
    {
        var cookies = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var session = cookies.First(c => c.StartsWith(AuthExtensions.CookieName + "=", StringComparison.Ordinal));
        var token = cookies.First(c => c.StartsWith(Xsrf.CookieName + "=", StringComparison.Ordinal))[(Xsrf.CookieName.Length + 1)..];
        return new StolenSession($"{session}; {Xsrf.CookieName}={token}", token);
    }

    /// <summary>A request carrying exactly this cookie and token, whatever the server answered before.</summary>
    public HttpRequestMessage Request(HttpMethod method, string url, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", Cookie);
        request.Headers.Add(Xsrf.HeaderName, Token);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return request;
    }
}

public static class SecurityClients
{
    /// <summary>A client without a cookie jar: every request sends only what the test puts on it.</summary>
    public static HttpClient Raw(this AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    public static async Task<StolenSession> StealSessionAsync(this AppFactory app, string email, string password)
    {
        var login = await app.Raw().PostAsync("/api/auth/login", Json($$"""{"email":"{{email}}","password":"{{password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return StolenSession.From(login);
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>
/// The test server has no socket, so no peer address: a startup filter gives each request the peer named in
/// X-Test-Peer (default 127.0.0.1, the Functions host), before the app's own forwarded-headers step runs.
/// </summary>
public class PeerFactory : AppFactory
{
    public const string PeerHeader = "X-Test-Peer";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFilter>());
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var peer = context.Request.Headers[PeerHeader].ToString();
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.Length > 0 ? peer : "127.0.0.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
