using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Groups;

/// <summary>
/// Groups, classes and branches (党支部, 老年大学, 兴趣小组): staff set them up and see each one's year. Volunteers see
/// none of this; on a paired retiree's page they see that retiree's groups (<see cref="MembersApi"/>).
/// </summary>
public static class GroupsApi
{
    public static void MapGroupsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/groups").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
    }

    public static GroupView ToView(this Group g, int year, IReadOnlyList<Meeting> ofYear)
    {
        var checklist = GroupRules.Checklist(g, ofYear);
        return new GroupView(g.Id, g.Name, g.Type, g.Note, g.Required, g.Term, g.TermStart, g.TermEnd, g.Capacity, g.Members,
            g.Capacity is { } c && g.Members >= c, year, ofYear.Count, g.Required.Values.Sum(), GroupRules.HeldTowardsRequired(checklist), checklist, g.CreatedBy, g.CreatedAt);
    }

    /// <summary>A year from 2000 to 2100, this year by default; null with a field error otherwise.</summary>
    public static int? Year(int? year, OfficeClock clock, FieldErrors errors)
    {
        var y = year ?? clock.Today.Year;
        if (y is >= 2000 and <= 2100) return y;
        errors.Add("year", "A year from 2000 to 2100.");
        return null;
    }

    /// <summary>Every group with its year (members, meetings held and required): the Groups page and the numbers in Reports.</summary>
    private static async Task<Results<Ok<List<GroupView>>, ValidationProblem>> ListAsync(int? year, GroupStore store, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (Year(year, clock, errors) is not { } y) return TypedResults.ValidationProblem(errors.ToDictionary());
        var groups = await store.ListAsync(ct);
        var views = await Task.WhenAll(groups.Select(async g => g.ToView(y, await store.MeetingsAsync(g.Id, y, ct))));
        return TypedResults.Ok(views.OrderBy(v => v.Type).ThenBy(v => v.Name, Retirees.RetireesApi.ByName.Value).ToList());
    }

    private static async Task<Results<Created<GroupView>, ValidationProblem>> CreateAsync(
        GroupInput body, GroupStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (GroupRules.Read(body, null, errors) is not { } draft) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var g = draft with { CreatedBy = caller.Email, CreatedAt = clock.UtcNow };
        await store.CreateAsync(g, ct);
        await audit.RecordAsync(caller, "group.create", null, $"Set up group {g.Id} \"{g.Name}\" ({g.Type})", ct);
        return TypedResults.Created($"/api/groups/{g.Id}", g.ToView(clock.Today.Year, []));
    }

    private static async Task<Results<Ok<GroupView>, NotFound, ValidationProblem>> GetAsync(string id, int? year, GroupStore store, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (Year(year, clock, errors) is not { } y) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await store.GetAsync(id, ct) is not var (g, _)) return TypedResults.NotFound();
        return TypedResults.Ok(g.ToView(y, await store.MeetingsAsync(id, y, ct)));
    }

    /// <summary>Name, note, a branch's required meetings, a class's term and places. The count of members is the store's, never the body's.</summary>
    private static async Task<Results<Ok<GroupView>, NotFound, ValidationProblem>> UpdateAsync(
        string id, GroupInput body, GroupStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var outcome = await Optimistic.RetryAsync<(Group? Saved, FieldErrors? Errors)>($"Group {id}", async token =>
        {
            if (await store.GetAsync(id, token) is not var (current, etag)) return (true, (null, null));
            var errors = new FieldErrors();
            if (GroupRules.Read(body, current, errors) is not { } next) return (true, (null, errors));
            return (await store.TrySaveAsync(next, etag, token), (next, null));
        }, ct);
        if (outcome.Errors is { } fieldErrors) return TypedResults.ValidationProblem(fieldErrors.ToDictionary());
        if (outcome.Saved is not { } saved) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "group.update", null, $"Edited group {id} \"{saved.Name}\"", ct);
        var y = clock.Today.Year;
        return TypedResults.Ok(saved.ToView(y, await store.MeetingsAsync(id, y, ct)));
    }
}
