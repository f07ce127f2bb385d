using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Messages;

public sealed record SegmentInput(string? Name, RetireeFilter? Filter);
public sealed record CountInput(RetireeFilter? Filter);
public sealed record SegmentCount(int Matched, int Recipients, int Excluded);
public sealed record SegmentView(string Id, string Name, RetireeFilter Filter, int Matched, int Recipients, DateTimeOffset UpdatedAt);

/// <summary>Saved filters over the registry, with live counts. Staff only.</summary>
public static class SegmentsApi
{
    public static RouteGroupBuilder MapSegments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/segments").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapPost("/count", CountAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapDelete("/{id}", DeleteAsync);
        return group;
    }

    private static async Task<SegmentView> ViewAsync(Segment s, BroadcastQueue queue, CancellationToken ct)
    {
        var audience = await queue.AudienceAsync(s.Filter, ct);
        return new SegmentView(s.Id, s.Name, s.Filter, audience.Recipients.Count + audience.Excluded.Count, audience.Recipients.Count, s.UpdatedAt);
    }

    private static async Task<Ok<List<SegmentView>>> ListAsync(BroadcastStore store, BroadcastQueue queue, CancellationToken ct)
    {
        var list = new List<SegmentView>();
        foreach (var s in await store.ListSegmentsAsync(ct)) list.Add(await ViewAsync(s, queue, ct));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<SegmentCount>, ValidationProblem>> CountAsync(CountInput body, BroadcastQueue queue, CancellationToken ct)
    {
        if (body.Filter is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = ["A filter, {} for everyone."] });
        var audience = await queue.AudienceAsync(body.Filter, ct);
        return TypedResults.Ok(new SegmentCount(audience.Recipients.Count + audience.Excluded.Count, audience.Recipients.Count, audience.Excluded.Count));
    }

    private static Dictionary<string, string[]>? Validate(SegmentInput body)
    {
        var errors = new Problems.FieldErrors();
        if (body.Name?.Trim() is not { Length: > 0 and <= 100 }) errors.Add("name", "Between 1 and 100 characters.");
        if (body.Filter is null) errors.Add("filter", "A filter, {} for everyone.");
        return errors.Any ? new(errors.ToDictionary()) : null;
    }

    private static async Task<Results<Created<SegmentView>, ValidationProblem>> CreateAsync(
        SegmentInput body, BroadcastStore store, BroadcastQueue queue, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (Validate(body) is { } errors) return TypedResults.ValidationProblem(errors);
        var caller = Caller.From(http.User);
        var segment = new Segment("s" + Guid.NewGuid().ToString("N")[..12], body.Name!.Trim(), body.Filter!, caller.Email, clock.UtcNow);
        await store.SaveSegmentAsync(segment, ct);
        await audit.RecordAsync(caller, "segment.create", null, $"Saved segment {segment.Id} \"{segment.Name}\"", ct);
        return TypedResults.Created($"/api/segments/{segment.Id}", await ViewAsync(segment, queue, ct));
    }

    private static async Task<Results<Ok<SegmentView>, NotFound, ValidationProblem>> UpdateAsync(
        string id, SegmentInput body, BroadcastStore store, BroadcastQueue queue, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetSegmentAsync(id, ct) is not { } current) return TypedResults.NotFound();
        if (Validate(body) is { } errors) return TypedResults.ValidationProblem(errors);
        var caller = Caller.From(http.User);
        var segment = current with { Name = body.Name!.Trim(), Filter = body.Filter!, UpdatedAt = clock.UtcNow };
        await store.SaveSegmentAsync(segment, ct);
        await audit.RecordAsync(caller, "segment.update", null, $"Edited segment {id}", ct);
        return TypedResults.Ok(await ViewAsync(segment, queue, ct));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, BroadcastStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetSegmentAsync(id, ct) is null) return TypedResults.NotFound();
        await store.DeleteSegmentAsync(id, ct);
        await audit.RecordAsync(Caller.From(http.User), "segment.delete", null, $"Deleted segment {id}", ct);
        return TypedResults.NoContent();
    }
}
