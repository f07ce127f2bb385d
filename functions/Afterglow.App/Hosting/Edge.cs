using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Afterglow.App.Hosting;

/// <summary>
/// What every request passes first. Under the Functions host every request arrives from the host on loopback,
/// over plain HTTP: the client's address and scheme are in X-Forwarded-For/-Proto, believed from loopback only
/// (anyone else could write them). Then the security headers every answer carries.
/// </summary>
public static class Edge
{
    /// <summary>Setting that lets standalone listen on a non-loopback address without TLS (a lab behind its own proxy).</summary>
    public const string AllowInsecureHttp = "Hosting:AllowInsecureHttp";

    /// <summary>
    /// A strict policy for the dashboard and the API alike: scripts and styles from our own origin only (no inline
    /// script, no eval), no framing, no plugins, forms and fetches to ourselves.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

    public static IServiceCollection AddEdge(this IServiceCollection services) =>
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults already trust only loopback; said here so nobody widens it by accident.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
            // The Functions host is one hop; the front end before it writes the client's address.
            o.ForwardLimit = 1;
        });

    public static WebApplication UseEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Permissions-Policy"] = PermissionsPolicy;
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Cross-Origin-Resource-Policy"] = "same-origin";
                if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
                // Personal data must not sit in shared caches; the dashboard's files set their own caching.
                if (context.Request.Path.StartsWithSegments("/api") && !h.ContainsKey("Cache-Control")) h.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The addresses in <paramref name="urls"/> (ASP.NET Core's "urls" syntax) that would serve plain HTTP beyond
    /// this machine: passwords and session cookies in clear text on a network.
    /// </summary>
    public static IReadOnlyList<string> InsecureBindings(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(u["http://".Length..]))
            .ToList();

    private static bool IsLoopback(string hostAndPort)
    {
        var host = hostAndPort.Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
