using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.Domain.CheckIns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

/// <summary>The body of POST /api/incidents/resolve: several incidents closed with one outcome and note.</summary>
public sealed record ResolveBatchInput(IReadOnlyList<string>? IncidentIds, IncidentOutcome? Outcome, string? Note);
public sealed record ResolveBatchRow(string IncidentId, string Code, string Result);
public sealed record ResolveBatchResult(int Resolved, int AlreadyResolved, IReadOnlyList<ResolveBatchRow> Rows);

/// <summary>
/// Resolving many incidents after a mass check-in. Checked as a whole (an unknown id is a field error naming its
/// row, and nothing is resolved); then each incident is resolved through the engine as one would be, and reported
/// per row. One already resolved (by someone else, or by this request before a retry) is "alreadyResolved",
/// not an error. Staff only.
/// </summary>
public static class IncidentBatch
{
    public const int MaxIncidents = 500;

    public static async Task<Results<Ok<ResolveBatchResult>, ValidationProblem>> ResolveAsync(
        ResolveBatchInput body, IncidentStore store, EscalationEngine engine, PersonStore people, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var note = IncidentsApi.CheckResolution(new ResolveInput(body.Outcome, body.Note), errors);
        var ids = body.IncidentIds ?? [];
        if (ids.Count is 0 or > MaxIncidents) errors.Add("incidentIds", $"Between 1 and {MaxIncidents} incidents.");
        var found = new Incident[Math.Min(ids.Count, MaxIncidents)];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, found.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            if (ids[i] is { } id && IncidentStore.IsIncidentId(id) && await store.GetAsync(id, token) is var (incident, _)) found[i] = incident;
        });
        for (var i = 0; i < found.Length; i++)
        {
            if (found[i] is null) errors.Add($"incidentIds[{i}]", "No incident with this id.");
            else if (!seen.Add(found[i].Id)) errors.Add($"incidentIds[{i}]", "This incident is listed twice.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        var person = caller.PersonId is null ? null : await people.GetAsync(caller.PersonId, ct);
        var resolution = new Resolution(body.Outcome!.Value, note, clock.UtcNow, person?.Name ?? caller.Email);
        var rows = new ResolveBatchRow[found.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, found.Length), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var incident = found[i];
            var result = "alreadyResolved";
            if (incident.Status != IncidentStatus.Resolved
                && await engine.ResolveAsync(incident.Id, resolution, token) is { Resolution: { } r } && r == resolution)
            {
                result = "resolved";
                await audit.RecordAsync(caller, "incident.resolve", incident.RetireeId, $"Resolved incident {incident.Code}: {resolution.Outcome} (batch)", token);
            }
            rows[i] = new ResolveBatchRow(incident.Id, incident.Code, result);
        });
        return TypedResults.Ok(new ResolveBatchResult(rows.Count(r => r.Result == "resolved"), rows.Count(r => r.Result == "alreadyResolved"), rows));
    }
}
