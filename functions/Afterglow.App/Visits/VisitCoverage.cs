using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Visits;

public sealed record TierCoverage(RiskTier Tier, int Total, int Visited);

/// <summary>One line of the work list: who still needs a visit in the period.</summary>
public sealed record NotVisitedRetiree(string Id, string Name, RiskTier Tier, string Mobile, string? Area, string? Unit);

public sealed record CoverageReport(
    DateOnly From, DateOnly To, VisitKind? Kind,
    int Total, int Visited, int Visits,
    IReadOnlyList<TierCoverage> ByTier,
    IReadOnlyList<NotVisitedRetiree> NotVisited, int NotVisitedTotal, bool Truncated);

/// <summary>
/// "100 % coverage": of the retirees in the office's care (not deceased, not archived), how many had a visit of
/// the kind in the period, by tier; and who has not, highest tier first, for the work list.
/// </summary>
public static class VisitCoverage
{
    public const int DefaultMax = 1000;
    public const int MaxList = 10_000;

    public static async Task<Results<Ok<CoverageReport>, ValidationProblem>> GetAsync(
        string? from, string? to, string? kind, RegistryIndex index, VisitStore visits, CancellationToken ct, int max = DefaultMax)
    {
        var errors = new FieldErrors();
        var period = VisitPeriod.Read(from, to, kind, errors);
        if (max is < 1 or > MaxList) errors.Add("max", $"Between 1 and {MaxList}.");
        if (period is null || errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var (start, end, k) = period.Value;
        var read = visits.ListPeriodAsync(start, end, k, ct);
        await index.EnsureCurrentAsync(ct);
        var list = await read;
        var visited = list.Select(v => v.RetireeId).ToHashSet(StringComparer.Ordinal);
        var inCare = index.All.Where(InCare).ToList();

        var byTier = Enum.GetValues<RiskTier>()
            .Select(t => new TierCoverage(t, inCare.Count(r => r.Tier == t), inCare.Count(r => r.Tier == t && visited.Contains(r.Id))))
            .ToList();
        var missing = inCare.Where(r => !visited.Contains(r.Id))
            .OrderByDescending(r => r.Tier).ThenBy(r => r.Name, RetireesApi.ByName.Value).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var work = missing.Take(max).Select(r => new NotVisitedRetiree(r.Id, r.Name, r.Tier, r.Mobile, r.Area, r.Unit)).ToList();
        return TypedResults.Ok(new CoverageReport(start, end, k, inCare.Count, inCare.Count - missing.Count, list.Count,
            byTier, work, missing.Count, missing.Count > max));
    }

    private static bool InCare(RetireeSummary r) => r.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived);
}
