using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.Domain.CheckIns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

public sealed record RosterInput(IReadOnlyList<Shift>? Weekly, IReadOnlyList<RosterOverride>? Overrides);
public sealed record AwayInput(IReadOnlyList<AwayPeriod>? Periods);
public sealed record OnDutyPerson(string Id, string Name, string Phone);
public sealed record RosterView(DutyRoster Roster, IReadOnlyList<OnDutyPerson> OnDutyNow, bool EveryCoordinatorFallback);

/// <summary>The duty roster (weekly rotation plus overrides) and away periods.</summary>
public static class RosterApi
{
    public static RouteGroupBuilder MapRoster(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/roster").RequireAuthorization(Policies.Staff);
        group.MapGet("", GetAsync);
        group.MapPut("", SaveAsync);
        group.MapGet("/away/{personId}", async Task<Results<Ok<AwayList>, NotFound>> (string personId, RosterStore roster, PersonStore people, CancellationToken ct) =>
            await people.GetAsync(personId, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(new AwayList(personId, await roster.AwayAsync(personId, ct))));
        group.MapPut("/away/{personId}", SaveAwayAsync);
        return group;
    }

    private static async Task<Ok<RosterView>> GetAsync(RosterStore roster, CareRecipients recipients, OfficeClock clock, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(await roster.GetAsync(ct), recipients, clock, ct));

    private static async Task<RosterView> ViewAsync(DutyRoster roster, CareRecipients recipients, OfficeClock clock, CancellationToken ct)
    {
        var onDuty = await recipients.OnDutyAsync(ct);
        return new RosterView(roster, onDuty.Select(r => new OnDutyPerson(r.PersonId ?? "", r.Name, r.Phone)).ToList(), roster.OnDuty(clock.UtcNow, clock.Zone).Count == 0);
    }

    private static async Task<Results<Ok<RosterView>, ValidationProblem>> SaveAsync(
        RosterInput body, RosterStore store, PersonStore people, CareRecipients recipients, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Weekly is null) errors.Add("weekly", "The weekly rotation is required (it may be empty).");
        var roster = new DutyRoster { Weekly = body.Weekly ?? [], Overrides = body.Overrides ?? [] };
        foreach (var (field, message) in roster.Validate()) errors.Add(field, message);
        var known = (await people.ListAsync(ct)).ToDictionary(p => p.Id);
        for (var i = 0; i < roster.Weekly.Count; i++)
        {
            if (roster.Weekly[i] is not { } s) { errors.Add($"weekly[{i}]", "A shift is required."); continue; }
            if (!known.TryGetValue(s.PersonId ?? "", out var p) || p.Role != PersonRole.Staff) errors.Add($"weekly[{i}].personId", "Not a coordinator (staff) in the people list.");
            if (s.Start == s.End) errors.Add($"weekly[{i}].end", "A shift needs a length.");
        }
        for (var i = 0; i < roster.Overrides.Count; i++)
            if (roster.Overrides[i] is not { } o || !known.TryGetValue(o.PersonId ?? "", out var p) || p.Role != PersonRole.Staff)
                errors.Add($"overrides[{i}].personId", "Not a coordinator (staff) in the people list.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await store.SaveAsync(roster, ct);
        await audit.RecordAsync(Caller.From(http.User), "roster.update", null, $"Duty roster: {roster.Weekly.Count} shifts, {roster.Overrides.Count} overrides", ct);
        return TypedResults.Ok(await ViewAsync(roster, recipients, clock, ct));
    }

    private static async Task<Results<Ok<AwayList>, NotFound, ValidationProblem>> SaveAwayAsync(
        string personId, AwayInput body, RosterStore store, PersonStore people, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await people.GetAsync(personId, ct) is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        if (body.Periods is null) errors.Add("periods", "Required (may be empty).");
        var periods = body.Periods ?? [];
        if (periods.Count > 50) errors.Add("periods", "At most 50 periods.");
        for (var i = 0; i < periods.Count; i++)
            if (periods[i] is not { } p || p.To < p.From) errors.Add($"periods[{i}].to", "Ends on or after the day it starts.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var away = new AwayList(personId, periods);
        await store.SaveAwayAsync(away, ct);
        await audit.RecordAsync(Caller.From(http.User), "person.away", null, $"Away periods of {personId}: {periods.Count}", ct);
        return TypedResults.Ok(away);
    }
}
