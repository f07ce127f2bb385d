using Afterglow.App.Auth;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Certification;

public sealed record ElsewhereRetiree(string Id, string Name, string Mobile, string? Unit, string? Area);

/// <summary>A city and the retirees living there (异地); "" for those marked elsewhere with no city on the record.</summary>
public sealed record ElsewhereCity(string City, int Count, IReadOnlyList<ElsewhereRetiree> Retirees);

/// <summary>
/// Retirees living elsewhere (异地), by city: the registry's own marker and city, alive only. Their reminders are scheduled
/// broadcasts to the segment livesElsewhere (and a city), their events the Events' elsewhere text (ADR 0017f). Staff only.
/// </summary>
public static class ElsewhereApi
{
    public static void MapElsewhere(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/elsewhere", ListAsync).RequireAuthorization(Policies.Staff);

    private static async Task<Ok<List<ElsewhereCity>>> ListAsync(RegistryIndex index, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var cities = index.All.Where(s => s.LivesElsewhere && CertificationDesk.Alive(s))
            .GroupBy(s => s.City?.Trim() ?? "")
            .Select(g => new ElsewhereCity(g.Key, g.Count(), g.OrderBy(s => s.Name, RetireesApi.ByName.Value).ThenBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new ElsewhereRetiree(s.Id, s.Name, s.Mobile, s.Unit, s.Area)).ToList()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.City, RetireesApi.ByName.Value).ToList();
        return TypedResults.Ok(cities);
    }
}
