using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Visits;

public sealed record VisitPage(IReadOnlyList<VisitDto> Items, int Total, bool Truncated);

/// <summary>
/// The visit log (走访慰问). Staff log and read every retiree's visits; a volunteer those of their paired
/// retirees (others are 404). Only staff delete a mistaken entry and see the office's visits by period.
/// </summary>
public static class VisitsApi
{
    public const int DefaultMax = 500;
    public const int MaxRows = 5000;
    public const int MaxPeriodDays = 366;

    public static void MapVisits(this IEndpointRouteBuilder routes)
    {
        var retiree = routes.MapGroup("/api/retirees/{id}/visits").RequireAuthorization(Policies.SignedIn);
        retiree.MapGet("/", ListForRetireeAsync);
        retiree.MapPost("/", CreateAsync);
        retiree.MapDelete("/{visitId}", DeleteAsync).RequireAuthorization(Policies.Staff);

        var office = routes.MapGroup("/api/visits").RequireAuthorization(Policies.Staff);
        office.MapGet("/", ListPeriodAsync);
        office.MapGet("/coverage", VisitCoverage.GetAsync);
        office.MapPost("/batch", VisitBatch.LogAsync);
    }

    private static async Task<Results<Ok<List<VisitDto>>, NotFound>> ListForRetireeAsync(
        string id, RetireeStore retirees, VisitStore visits, HttpContext http, CancellationToken ct)
    {
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(Caller.From(http.User), found.Value.Retiree)) return TypedResults.NotFound();
        var name = found.Value.Retiree.Profile.Name;
        return TypedResults.Ok((await visits.ListForRetireeAsync(id, ct)).Select(v => v.ToDto(name)).ToList());
    }

    private static async Task<Results<Created<VisitDto>, NotFound, ValidationProblem>> CreateAsync(
        string id, VisitRequest body, RetireeStore retirees, VisitStore visits, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // Scope before validation: someone else's retiree is a 404 whatever the body says.
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(caller, found.Value.Retiree)) return TypedResults.NotFound();
        var (visit, errors) = VisitValidation.Validate(body, id, caller.Name, clock.Today, clock.UtcNow);
        if (visit is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        await visits.AddAsync(visit, caller, ct);
        return TypedResults.Created($"/api/retirees/{id}/visits/{visit.Id}", visit.ToDto(found.Value.Retiree.Profile.Name));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        string id, string visitId, VisitStore visits, HttpContext http, CancellationToken ct)
    {
        var visit = await visits.GetAsync(id, visitId, ct);
        if (visit is null) return TypedResults.NotFound();
        await visits.DeleteAsync(visit, Caller.From(http.User), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<VisitPage>, ValidationProblem>> ListPeriodAsync(
        string? from, string? to, string? kind, RegistryIndex index, VisitStore visits, CancellationToken ct, int max = DefaultMax)
    {
        var errors = new FieldErrors();
        var period = VisitPeriod.Read(from, to, kind, errors);
        if (max is < 1 or > MaxRows) errors.Add("max", $"Between 1 and {MaxRows}.");
        if (period is null || errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var (start, end, k) = period.Value;
        var list = await visits.ListPeriodAsync(start, end, k, ct);
        await index.EnsureCurrentAsync(ct);
        var items = list.Take(max).Select(v => v.ToDto(index.Find(v.RetireeId)?.Name)).ToList();
        return TypedResults.Ok(new VisitPage(items, list.Count, list.Count > max));
    }
}

/// <summary>?from=&amp;to=&amp;kind= as the period endpoints read them: office-local days, at most a year apart.</summary>
public static class VisitPeriod
{
    public static (DateOnly From, DateOnly To, VisitKind? Kind)? Read(string? from, string? to, string? kind, FieldErrors errors)
    {
        var start = Day(from, "from", errors);
        var end = Day(to, "to", errors);
        VisitKind? k = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (VisitMapping.TryParseKind(kind, out var parsed)) k = parsed;
            else errors.Add("kind", "One of: " + string.Join(", ", Enum.GetValues<VisitKind>().Select(v => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(v.ToString()))) + ".");
        }
        if (start is null || end is null) return null;
        if (end < start) errors.Add("to", "The period ends before it starts.");
        else if (end.Value.DayNumber - start.Value.DayNumber + 1 > VisitsApi.MaxPeriodDays) errors.Add("to", $"A period is at most {VisitsApi.MaxPeriodDays} days.");
        return errors.Any ? null : (start.Value, end.Value, k);
    }

    private static DateOnly? Day(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text)) { errors.Add(field, "Enter a day as yyyy-MM-dd."); return null; }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return d;
        errors.Add(field, "Enter a day as yyyy-MM-dd.");
        return null;
    }
}
