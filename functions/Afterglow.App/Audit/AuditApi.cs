using Afterglow.App.Auth;
using Afterglow.App.Office;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ReadAsync);
        return group;
    }

    /// <summary>One UTC day of the trail, newest first, optionally for one retiree.</summary>
    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ReadAsync(
        string? date, string? retireeId, AuditLog audit, OfficeClock clock, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(clock.UtcNow.UtcDateTime);
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", out day))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["Use the form 2026-11-22."] });
        return TypedResults.Ok(await audit.ReadDayAsync(day, retireeId, 500, ct));
    }
}
