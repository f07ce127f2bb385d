using Afterglow.App.Configuration;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace Afterglow.App.Dashboard;

/// <summary>
/// The coordinators' dashboard (web/dist) under /app/, with / redirecting there. Client-side routes fall back to
/// index.html. Only /, /index.html and /app/* are public HTTP functions, so nothing here can shadow an invocation.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>
    /// The dashboard's files go compressed (~160 KB of script becomes ~50 KB for a coordinator on a phone).
    /// Only these types: API answers hold personal data next to what the caller sent, and compressing those
    /// over HTTPS would open them to BREACH-style guessing.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });

    /// <summary>Static files go first in the pipeline, before routing, so the fallback route never shadows them.</summary>
    public static WebApplication UseDashboardFiles(this WebApplication app)
    {
        var files = Files(app);
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/app",
            OnPrepareResponse = c =>
            {
                // Hashed assets never change; index.html must always be fresh.
                c.Context.Response.Headers.CacheControl = c.Context.Request.Path.StartsWithSegments("/app/assets")
                    ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = Files(app);
        app.MapGet("/", () => Results.Redirect("/app/")).AllowAnonymous();
        app.MapGet("/index.html", () => Results.Redirect("/app/")).AllowAnonymous();
        app.MapGet("/app/{**path}", (string? path) =>
        {
            var index = files.GetFileInfo("index.html");
            if (!index.Exists) return Results.Problem(statusCode: 404, title: "The dashboard is not built. Run scripts/run.sh, which builds web/.");
            if (path is not null && path.StartsWith("assets/", StringComparison.Ordinal)) return Results.NotFound();
            return Results.File(index.CreateReadStream(), "text/html; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }

    private static IFileProvider Files(WebApplication app)
    {
        var root = app.Configuration[AppSettings.WebRoot] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
    }
}
