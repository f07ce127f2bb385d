using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Events;

public sealed record InviteResult(int Added, EventView Event);

/// <summary>
/// Events (健康体检, 讲座, 出游, 慰问品领取): staff plan them, invite a segment by SMS, take answers on the phone, mark
/// attendance and export the lists. Volunteers see none of this; on a paired retiree's page they see that retiree's
/// invitations (<see cref="AttendeesApi"/>). Edits carry If-Match with the event's revision.
/// </summary>
public static class EventsApi
{
    public static void MapEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/events").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapPost("/{id}/invite", InviteAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        routes.MapAttendees();
    }

    private static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(statusCode: 409, title: "The event cannot change now.", detail: detail);

    private static async Task<Results<Ok<List<EventView>>, ValidationProblem>> ListAsync(int? year, EventStore store, OfficeClock clock, CancellationToken ct)
    {
        var y = year ?? clock.LocalNow.Year;
        if (y is < 2000 or > 2100) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["A year from 2000 to 2100."] });
        return TypedResults.Ok((await store.ListYearAsync(y, ct)).Select(e => e.ToView(clock.UtcNow)).ToList());
    }

    /// <summary>The fields of an event from the body, checked; the segment (if named) is read for its filter.</summary>
    private static async Task<(Event? Draft, FieldErrors Errors)> ReadAsync(EventInput body, Event? current, BroadcastStore segments, OfficeClock clock, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var fields = EventValidation.Read(body, clock, errors);
        RetireeFilter? filter = body.Filter;
        if (body.SegmentId is { } segmentId)
        {
            filter = (await segments.GetSegmentAsync(segmentId, ct))?.Filter;
            if (filter is null) errors.Add("segmentId", "No such segment.");
        }
        else if (filter is null) errors.Add("filter", "A segment or a filter ({} invites everyone).");
        if (current is not null && fields is { } f && f.Capacity < current.Joined)
            errors.Add("capacity", $"At least the {current.Joined} who already have a place.");
        if (fields is not { } v || errors.Any) return (null, errors);
        var e = (current ?? new Event { Id = EventStore.NewId(), Title = v.Title, Place = v.Place, Code = "", CreatedBy = caller.Email, CreatedAt = clock.UtcNow }) with
        {
            Title = v.Title, Kind = v.Kind, StartsAt = v.StartsAt, Place = v.Place, Capacity = v.Capacity, ElsewhereText = v.Elsewhere,
            SegmentId = body.SegmentId, Filter = filter!, Revision = (current?.Revision ?? 0) + 1,
        };
        return (e, errors);
    }

    private static async Task<Results<Created<EventView>, ValidationProblem>> CreateAsync(
        EventInput body, EventStore store, BroadcastStore segments, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (draft, errors) = await ReadAsync(body, null, segments, clock, caller, ct);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        var created = await store.CreateAsync(draft, clock.UtcNow, ct);
        await audit.RecordAsync(caller, "event.create", null, $"Planned event {created.Id} \"{created.Title}\" ({created.Kind}, {created.Capacity} places)", ct);
        http.Response.Headers.ETag = created.ETag;
        return TypedResults.Created($"/api/events/{created.Id}", created.ToView(clock.UtcNow));
    }

    private static async Task<Results<Ok<EventView>, NotFound>> GetAsync(string id, EventStore store, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _)) return TypedResults.NotFound();
        http.Response.Headers.ETag = e.ETag;
        return TypedResults.Ok(e.ToView(clock.UtcNow));
    }

    private static async Task<Results<Ok<EventView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, EventInput body, [FromHeader(Name = "If-Match")] string? ifMatch, EventStore store, EventSignUps signUps, BroadcastStore segments,
        OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        var caller = Caller.From(http.User);
        // Sign-ups change the stored row all the time; only an edit by staff makes the If-Match stale.
        var outcome = await Optimistic.RetryAsync<(Event? Saved, FieldErrors? Errors, ProblemHttpResult? Problem)>($"Event {id}", async token =>
        {
            if (await store.GetAsync(id, token) is not var (current, etag)) return (true, (null, null, null));
            if (current.ETag != ifMatch.Trim()) return (true, (null, null, Stale()));
            if (current.State == EventState.Cancelled) return (true, (null, null, Conflict("It is cancelled.")));
            var (next, errors) = await ReadAsync(body, current, segments, clock, caller, token);
            if (next is null) return (true, (null, errors, null));
            return await store.TrySaveAsync(next, current, etag, token) ? (true, (next, null, null)) : (false, default);
        }, ct);
        if (outcome.Problem is { } problem) return problem;
        if (outcome.Errors is { } fieldErrors) return TypedResults.ValidationProblem(fieldErrors.ToDictionary());
        if (outcome.Saved is not { } saved) return TypedResults.NotFound();
        await audit.RecordAsync(caller, "event.update", null, $"Edited event {id} \"{saved.Title}\"", ct);
        // More places: the waiting list fills them now (and the timer would, after a crash here).
        await signUps.FillFreedPlacesAsync(id, ct);
        var after = (await store.GetAsync(id, ct))!.Value.Event;
        http.Response.Headers.ETag = after.ETag;
        return TypedResults.Ok(after.ToView(clock.UtcNow));
    }

    private static ProblemHttpResult Stale() => TypedResults.Problem(statusCode: 412, title: "Someone else changed this event since you opened it.",
        detail: "Reload it, check their change, and make yours again.");

    private static async Task<Results<Ok<InviteResult>, NotFound, ProblemHttpResult>> InviteAsync(
        string id, EventStore store, EventInvitations invitations, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _)) return TypedResults.NotFound();
        if (e.State == EventState.Cancelled) return Conflict("It is cancelled.");
        if (e.StartsAt <= clock.UtcNow) return Conflict("It has begun.");
        var added = await invitations.InviteAsync(id, ct);
        if (added is null) return Conflict("It changed meanwhile; reload it.");
        await audit.RecordAsync(Caller.From(http.User), "event.invite", null, $"Invited {added} more to event {id}", ct);
        return TypedResults.Ok(new InviteResult(added.Value, (await store.GetAsync(id, ct))!.Value.Event.ToView(clock.UtcNow)));
    }

    private static async Task<Results<Ok<EventView>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, EventStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var cancelled = await Optimistic.RetryAsync<Event?>($"Event {id}", async token =>
        {
            if (await store.GetAsync(id, token) is not var (e, etag)) return (true, null);
            if (e.State == EventState.Cancelled) return (true, e);
            var next = e with { State = EventState.Cancelled, Revision = e.Revision + 1 };
            return (await store.TrySaveAsync(next, e, etag, token), next);
        }, ct);
        if (cancelled is null) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "event.cancel", null, $"Cancelled event {id} \"{cancelled.Title}\"", ct);
        return TypedResults.Ok(cancelled.ToView(clock.UtcNow));
    }
}
