using Afterglow.App.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Health;

public sealed record HealthReport(string Status, bool Tables, bool Blobs, DateTimeOffset CheckedAt, IReadOnlyList<HealthProblem> Problems);

public static class HealthApi
{
    public static IServiceCollection AddEngineHealth(this IServiceCollection services)
    {
        // Checked at start: a bad threshold stops the start, not the first health check.
        services.AddSettings<HealthOptions>(HealthOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<ProcessStart>();
        services.AddHostedService(sp => sp.GetRequiredService<ProcessStart>());
        services.AddSingleton<EngineHealth>();
        // The care watch runs the alarm every ten minutes (CheckIns owns the watch, Health the alarm).
        services.AddSingleton<EngineAlarm>();
        services.AddSingleton<CheckIns.ISystemAlarm>(sp => sp.GetRequiredService<EngineAlarm>());
        return services;
    }

    /// <summary>
    /// One health check on another thread as the app starts, while this one builds the endpoints: storage's first
    /// connections, the storage client's first use and the tables the engine reads are then ready for the request that
    /// woke the app (in Azure a cold start is started by that request). What it finds is not kept; the checks report.
    /// </summary>
    public static void WarmUpStorage(this WebApplication app) =>
        _ = Task.Run(async () =>
        {
            try { await app.Services.GetRequiredService<EngineHealth>().CheckAsync(CancellationToken.None); }
            catch (Exception) { /* storage down or the app stopping: /api/health says the first, the second does not matter */ }
        });

    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", CheckAsync).AllowAnonymous();

    /// <summary>
    /// Anonymous: 200 when storage answers and the engine is doing its work; 503 (problem details) naming each
    /// reason otherwise — storage, sweep, escalation, outbox.
    /// </summary>
    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(EngineHealth engine, TimeProvider time, CancellationToken ct)
    {
        var (tables, blobs, problems) = await engine.CheckAsync(ct);
        var report = new HealthReport(problems.Count == 0 ? "ok" : "stuck", tables, blobs, time.GetUtcNow(), problems);
        if (problems.Count == 0) return TypedResults.Ok(report);
        var storageDown = !tables || !blobs;
        var storageSlow = problems.Any(p => p.Code == "storage");
        return TypedResults.Problem(statusCode: 503,
            title: storageDown ? "Storage is not reachable." : storageSlow ? "Storage is too slow to answer." : "The engine is stuck.",
            detail: string.Join(" ", problems.Select(p => p.Detail)),
            extensions: new Dictionary<string, object?>
            {
                ["tables"] = tables, ["blobs"] = blobs, ["checkedAt"] = report.CheckedAt,
                ["reasons"] = problems.Select(p => p.Code).Distinct().ToList(), ["problems"] = problems,
            });
    }
}
