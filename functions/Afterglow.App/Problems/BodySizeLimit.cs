using Microsoft.AspNetCore.Http.Features;

namespace Afterglow.App.Problems;

/// <summary>Marks an endpoint that takes a larger body than JSON's 1 MB (CSV imports, attachments).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LargeBodyAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>
/// Refuses an oversized body with 413 before anything reads it: by Content-Length on any host, and through
/// Kestrel's per-request limit for chunked bodies. An address (path and query) that is too long is a 414.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next)
{
    public const long Largest = 11 * 1024 * 1024;

    /// <summary>No query or path of ours comes near this; Kestrel's own request-line limit (8 KB) may not be the first in front.</summary>
    public const int LongestPathAndQuery = 4096;

    public async Task InvokeAsync(HttpContext context)
    {
        if ((context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0) > LongestPathAndQuery)
        {
            await Results.Problem(statusCode: 414, title: "The address is too long.",
                detail: $"Paths and query strings are at most {LongestPathAndQuery} characters.").ExecuteAsync(context);
            return;
        }
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBodyAttribute>()?.Bytes ?? ProblemExtensions.MaxJsonBody;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            await Results.Problem(statusCode: 413, title: "The request body is too large.",
                detail: $"This endpoint takes at most {limit / 1024} KB.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

public static class BodySizeLimitExtensions
{
    /// <summary>After routing, so the endpoint's own limit is known.</summary>
    public static WebApplication UseBodySizeLimits(this WebApplication app)
    {
        app.UseMiddleware<BodySizeLimit>();
        return app;
    }
}
