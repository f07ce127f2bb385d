using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Groups;

/// <summary>
/// Who is in a group and who leads it; a class's enrolment up to its places. Staff only; a retiree's own groups are
/// readable by whoever may see the retiree (a volunteer: their paired retirees).
/// </summary>
public static class MembersApi
{
    public static void MapMembers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/groups/{id}/members").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", AddAsync);
        group.MapPut("/{retireeId}", RoleAsync);
        group.MapDelete("/{retireeId}", RemoveAsync);
        routes.MapGet("/api/retirees/{id}/groups", ForRetireeAsync).RequireAuthorization(Policies.SignedIn);
    }

    private static MemberView ToView(Member m, RetireeSummary? s) => new(m.RetireeId, s?.Name ?? m.RetireeId, s?.Unit, s?.Mobile ?? "",
        GroupRules.JsonName(s?.Status ?? RetireeStatus.Archived), m.Role, m.JoinedAt, m.Term);

    /// <summary>Leaders first, then by name.</summary>
    private static async Task<Results<Ok<List<MemberView>>, NotFound>> ListAsync(string id, GroupStore store, RegistryIndex index, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        await index.EnsureCurrentAsync(ct);
        var views = (await store.MembersAsync(id, ct)).Select(m => ToView(m, index.Find(m.RetireeId)));
        return TypedResults.Ok(views.OrderBy(v => v.Role == MemberRole.Leader ? 0 : 1).ThenBy(v => v.Name, RetireesApi.ByName.Value).ToList());
    }

    private static ProblemHttpResult Full(Group g) => TypedResults.Problem(statusCode: 409, title: "The class is full.",
        detail: $"All {g.Capacity} places of {g.Name} are taken. Raise its places, or enrol this person when someone leaves.");

    /// <summary>Adds a member (idempotent: someone already in keeps their row). A full class refuses (ADR 0017e).</summary>
    private static async Task<Results<Ok<MemberView>, Created<MemberView>, NotFound, ValidationProblem, ProblemHttpResult>> AddAsync(
        string id, MemberInput body, GroupStore store, RegistryIndex index, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        RetireeSummary? retiree = null;
        if (string.IsNullOrWhiteSpace(body.RetireeId) || !GroupStore.IsRetireeId(body.RetireeId)) errors.Add("retireeId", "Choose a retiree.");
        else
        {
            await index.EnsureCurrentAsync(ct);
            retiree = index.Find(body.RetireeId);
            if (retiree is null) errors.Add("retireeId", "No retiree with this id.");
            else if (retiree.Status is RetireeStatus.Deceased or RetireeStatus.Archived) errors.Add("retireeId", "This retiree cannot join (deceased or archived).");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var outcome = await Optimistic.RetryAsync<(Member? Added, bool Existing, Group? Full)>($"Group {id}", async token =>
        {
            if (await store.GetAsync(id, token) is not var (g, etag)) return (true, (null, false, null));
            if (await store.GetMemberAsync(id, retiree!.Id, token) is var (existing, _)) return (true, (existing, true, null));
            if (g.Capacity is { } c && g.Members >= c) return (true, (null, false, g));
            var m = new Member { RetireeId = retiree.Id, Role = body.Role ?? MemberRole.Member, JoinedAt = clock.UtcNow, AddedBy = caller.Email, Term = g.Term };
            return (await store.TryJoinAsync(g with { Members = g.Members + 1 }, etag, m, token), (m, false, null));
        }, ct);
        if (outcome.Full is { } full) return Full(full);
        if (outcome.Added is not { } added) return TypedResults.NotFound();
        if (outcome.Existing) return TypedResults.Ok(ToView(added, retiree));
        await audit.RecordAsync(caller, "group.addMember", added.RetireeId, $"Added to group {id}{(added.Role == MemberRole.Leader ? " as a leader" : "")}", ct);
        return TypedResults.Created($"/api/groups/{id}/members/{added.RetireeId}", ToView(added, retiree));
    }

    private static async Task<Results<Ok<MemberView>, NotFound, ValidationProblem>> RoleAsync(
        string id, string retireeId, RoleInput body, GroupStore store, RegistryIndex index, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetMemberAsync(id, retireeId, ct) is null) return TypedResults.NotFound();
        if (body.Role is not { } role) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["member or leader."] });
        var saved = await Optimistic.RetryAsync<Member?>($"Member {id}/{retireeId}", async token =>
        {
            if (await store.GetMemberAsync(id, retireeId, token) is not var (m, etag)) return (true, null);
            if (m.Role == role) return (true, m);
            var next = m with { Role = role };
            return (await store.TrySaveMemberAsync(id, next, etag, token), next);
        }, ct);
        if (saved is null) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "group.memberRole", retireeId, $"Group {id}: now {role.ToString().ToLowerInvariant()}", ct);
        await index.EnsureCurrentAsync(ct);
        return TypedResults.Ok(ToView(saved, index.Find(retireeId)));
    }

    private static async Task<Results<NoContent, NotFound>> RemoveAsync(
        string id, string retireeId, GroupStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var removed = await Optimistic.RetryAsync<bool>($"Group {id}", async token =>
        {
            if (await store.GetAsync(id, token) is not var (g, etag) || await store.GetMemberAsync(id, retireeId, token) is null) return (true, false);
            return (await store.TryLeaveAsync(g with { Members = Math.Max(0, g.Members - 1) }, etag, retireeId, token), true);
        }, ct);
        if (!removed) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "group.removeMember", retireeId, $"Removed from group {id}", ct);
        return TypedResults.NoContent();
    }

    /// <summary>A retiree's groups, with the meetings of this year they came to. A volunteer's paired retiree only (others 404).</summary>
    private static async Task<Results<Ok<List<RetireeGroupView>>, NotFound>> ForRetireeAsync(
        string id, RetireeStore retirees, GroupStore store, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(Caller.From(http.User), found.Value.Retiree)) return TypedResults.NotFound();
        var list = new List<RetireeGroupView>();
        foreach (var groupId in await store.GroupIdsOfAsync(id, ct))
        {
            // A pointer whose member row is gone was left by a removal that stopped half way: not a membership.
            if (await store.GetAsync(groupId, ct) is not var (g, _) || await store.GetMemberAsync(groupId, id, ct) is not var (m, _)) continue;
            var came = (await store.MeetingsAsync(groupId, clock.Today.Year, ct)).Where(x => x.AttendeeIds.Contains(id)).ToList();
            list.Add(new RetireeGroupView(g.Id, g.Name, g.Type, m.Role, m.JoinedAt, came.Count, came.Count > 0 ? came[^1].Date : null));
        }
        return TypedResults.Ok(list.OrderBy(v => v.Type).ThenBy(v => v.Name, RetireesApi.ByName.Value).ToList());
    }
}
