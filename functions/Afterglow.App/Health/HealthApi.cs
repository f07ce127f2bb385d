using Afterglow.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Health;

public sealed record HealthReport(string Status, bool Tables, bool Blobs, DateTimeOffset CheckedAt);

public static class HealthApi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", CheckAsync).AllowAnonymous();

    /// <summary>Anonymous: 200 when both storage services answer, 503 (problem details) when either does not.</summary>
    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(StorageAccount storage, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Timeout);
        var tables = Probe(async t => { await foreach (var _ in storage.TableService.QueryAsync(maxPerPage: 1, cancellationToken: t).AsPages(pageSizeHint: 1)) break; }, cts.Token);
        var blobs = Probe(async t => await storage.BlobService.GetPropertiesAsync(t), cts.Token);
        var report = new HealthReport("ok", await tables, await blobs, time.GetUtcNow());
        if (report.Tables && report.Blobs) return TypedResults.Ok(report);
        return TypedResults.Problem(statusCode: 503, title: "Storage is not reachable.",
            detail: $"Tables: {(report.Tables ? "ok" : "unreachable")}; blobs: {(report.Blobs ? "ok" : "unreachable")}.",
            extensions: new Dictionary<string, object?> { ["tables"] = report.Tables, ["blobs"] = report.Blobs });
    }

    private static async Task<bool> Probe(Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try { await call(ct); return true; }
        catch (Exception) { return false; }
    }
}
