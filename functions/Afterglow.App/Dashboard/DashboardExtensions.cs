using Afterglow.App.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Afterglow.App.Dashboard;

/// <summary>
/// The coordinators' dashboard (web/dist) under /app/, with / redirecting there. Client-side routes fall back to
/// index.html. Only /, /index.html and /app/* are public HTTP functions, so nothing here can shadow an invocation.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Static files go first in the pipeline, before routing, so the fallback route never shadows them.</summary>
    public static WebApplication UseDashboardFiles(this WebApplication app)
    {
        var files = Files(app);
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
