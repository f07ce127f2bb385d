using Afterglow.App.Configuration;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

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
        app.UsePrecompressedAssets(files);
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

    /// <summary>
    /// A script or style the web build compressed beside itself (x.js.br, x.js.gz; web/vite.config.ts) goes as it
    /// is, brotli first: smaller than compressing per request at the fastest level, and no CPU spent per cold load.
    /// Anything else, or a client that takes neither, falls through to the static files (compressed per request).
    /// </summary>
    private static void UsePrecompressedAssets(this WebApplication app, IFileProvider files)
    {
        var types = new FileExtensionContentTypeProvider();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && request.Path.StartsWithSegments("/app/assets", out var rest) && types.TryGetContentType(rest.Value!, out var type))
            {
                var accepted = StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var list) ? list : [];
                foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
                {
                    if (!accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0)) continue;
                    var file = files.GetFileInfo("assets" + rest.Value + suffix);
                    if (!file.Exists) continue;
                    var response = context.Response;
                    response.ContentType = type;
                    response.ContentLength = file.Length;
                    response.Headers.ContentEncoding = encoding;
                    response.Headers.Vary = "Accept-Encoding";
                    response.Headers.CacheControl = "public, max-age=31536000, immutable";
                    if (HttpMethods.IsGet(request.Method)) await response.SendFileAsync(file, context.RequestAborted);
                    return;
                }
            }
            await next(context);
        });
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = Files(app);
        app.MapGet("/", () => Results.Redirect("/app/")).AllowAnonymous();
        app.MapGet("/index.html", () => Results.Redirect("/app/")).AllowAnonymous();
        app.MapGet("/app/{**path}", async (string? path, HttpContext http, CancellationToken ct) =>
        {
            var index = files.GetFileInfo("index.html");
            if (!index.Exists) return Results.Problem(statusCode: 404, title: "The dashboard is not built. Run scripts/run.sh, which builds web/.");
            if (path is not null && path.StartsWith("assets/", StringComparison.Ordinal)) return Results.NotFound();
            if (!await FirstScreen.IsSignedInAsync(http))
            {
                http.Response.Headers.CacheControl = "no-cache";
                return Results.File(index.CreateReadStream(), "text/html; charset=utf-8");
            }
            string html;
            using (var reader = new StreamReader(index.CreateReadStream())) html = await reader.ReadToEndAsync(ct);
            var page = await FirstScreen.PageAsync(html, http, ct);
            // This caller's page: never stored by a browser or a proxy. It may go compressed: unlike an API answer,
            // nothing the caller sends is written back into it (AddDashboard). Without its first screen (the office
            // unreadable just now) it is the built page, as everyone else's.
            http.Response.Headers.CacheControl = page is null ? "no-cache" : "no-store";
            return Results.Content(page ?? html, "text/html; charset=utf-8");
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
