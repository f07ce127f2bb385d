using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

public sealed record IncidentDetail(
    string Id, string Code, string RetireeId, string RetireeName, IncidentKind Kind, IncidentStatus Status, int Level,
    DateTimeOffset OpenedAt, DateTimeOffset Since, DateTimeOffset? NextAt, Acknowledgement? Acknowledged, Resolution? Resolution,
    IReadOnlyList<EscalationStep> Steps, IReadOnlyList<TimelineEvent>? Timeline, string? RetireeMobile);

public sealed record ResolveInput(IncidentOutcome? Outcome, string? Note);
public sealed record NoteInput(string? Note);
public sealed record PolicyInput(IReadOnlyList<EscalationLevel>? Levels, int? AckTimeoutMinutes, int? UrgentWaitMinutes, int? MaxRepeats, int? MaxAckReminders);

/// <summary>Incidents: list, timeline, acknowledge, resolve, notes; volunteers see and act only on their paired retirees'.</summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/incidents").RequireAuthorization(Policies.SignedIn);
        group.MapGet("", ListAsync);
        group.MapGet("/policy", async (CarePlanStore plans, CancellationToken ct) => TypedResults.Ok(await plans.GetPolicyAsync(ct))).RequireAuthorization(Policies.Staff);
        group.MapPut("/policy", SavePolicyAsync).RequireAuthorization(Policies.Admin);
        group.MapIncidentHistory();
        group.MapGet("/open", OpenAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/resolve", IncidentBatch.ResolveAsync).RequireAuthorization(Policies.Staff);
        group.MapPost("/{id}/acknowledge", AcknowledgeAsync);
        group.MapPost("/{id}/resolve", ResolveAsync);
        group.MapPost("/{id}/notes", AddNoteAsync);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<IncidentSummary>>, ValidationProblem>> ListAsync(
        IncidentStore store, HttpContext http, CancellationToken ct, string? status = null, int max = 100, string? retireeId = null)
    {
        if (status is not (null or "open" or "closed")) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["open or closed."] });
        if (max is < 1 or > 500) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = ["Between 1 and 500."] });
        if (retireeId is not null && !RetireeStore.IsId(retireeId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["retireeId"] = ["A retiree's id, as the registry gives it."] });
        var caller = Caller.From(http.User);
        var list = status == "closed"
            ? await store.ListClosedAsync(max, retireeId, ct)
            : (await store.ListOpenAsync(ct)).Where(s => retireeId is null || s.RetireeId == retireeId)
                .OrderByDescending(s => s.Status == IncidentStatus.Open).ThenBy(s => s.OpenedAt).ToList();
        return TypedResults.Ok<IReadOnlyList<IncidentSummary>>(list.Where(s => caller.MaySee(s.VolunteerIds)).Take(max).ToList());
    }

    private static async Task<Results<Ok<IncidentDetail>, NotFound>> GetAsync(string id, IncidentStore store, RegistryIndex index, HttpContext http, CancellationToken ct)
    {
        if (await store.GetWithTimelineAsync(id, ct) is not var (incident, timeline) || !Caller.From(http.User).MaySee(incident.VolunteerIds)) return TypedResults.NotFound();
        return TypedResults.Ok(await DetailAsync(incident, index, timeline, ct));
    }

    /// <summary>
    /// Today's open incidents (the unacknowledged first, then the oldest first; at most <paramref name="max"/>), in one
    /// request: the dashboard asked for each one apart, and a mass check-in's dozen queued behind the browser's six
    /// connections. Without their timelines (null): a card shows its timeline folded, and loads it when opened. Each
    /// timeline is a query of its own, and Today asks again every 15 seconds, so carrying them made every refresh
    /// cost a query per open incident for lines nobody had opened.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<IncidentDetail>>, ValidationProblem>> OpenAsync(
        IncidentStore store, RegistryIndex index, HttpContext http, CancellationToken ct, int? max = null)
    {
        // Without max, every open incident: Today must never leave one out, however many a bad morning opens.
        if (max is < 1 or > 100) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = ["Between 1 and 100."] });
        var caller = Caller.From(http.User);
        var open = (await store.ListOpenAsync(ct)).Where(s => caller.MaySee(s.VolunteerIds))
            .OrderByDescending(s => s.Status == IncidentStatus.Open).ThenBy(s => s.OpenedAt).Take(max ?? int.MaxValue).ToList();
        var details = await Task.WhenAll(open.Select(async s =>
            await store.GetAsync(s.Id, ct) is var (i, _) && caller.MaySee(i.VolunteerIds) ? await DetailAsync(i, index, null, ct) : null));
        return TypedResults.Ok<IReadOnlyList<IncidentDetail>>(details.OfType<IncidentDetail>().ToList());
    }

    /// <summary>The incident as the dashboard shows it: its timeline, and the retiree's mobile to call them from the card.</summary>
    private static async Task<IncidentDetail> DetailAsync(Incident i, IncidentStore store, RegistryIndex index, CancellationToken ct)
    {
        var timeline = store.TimelineAsync(i.Id, ct);
        var detail = await DetailAsync(i, index, null, ct);
        return detail with { Timeline = await timeline };
    }

    /// <summary>
    /// The incident with the timeline given (null: not loaded) and the retiree's current mobile, from the registry
    /// index (current to the second): not a read of the record per incident, which was half of Today's slowest call.
    /// </summary>
    private static async Task<IncidentDetail> DetailAsync(Incident i, RegistryIndex index, IReadOnlyList<TimelineEvent>? timeline, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        return new(i.Id, i.Code, i.RetireeId, i.RetireeName, i.Kind, i.Status, i.Level, i.OpenedAt, i.Since, i.NextAt, i.Acknowledged, i.Resolution, i.Steps,
            timeline, index.Find(i.RetireeId)?.Mobile);
    }

    private static async Task<Results<Ok<IncidentDetail>, NotFound>> AcknowledgeAsync(
        string id, IncidentStore store, RegistryIndex index, EscalationEngine engine, PersonStore people, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await store.GetAsync(id, ct) is not var (incident, _) || !caller.MaySee(incident.VolunteerIds)) return TypedResults.NotFound();
        var person = caller.PersonId is null ? null : await people.GetAsync(caller.PersonId, ct);
        var updated = await engine.AcknowledgeAsync(id, new Acknowledgement(clock.UtcNow, person?.Name ?? caller.Name, person?.Phone, "dashboard"), ct);
        await audit.RecordAsync(caller, "incident.acknowledge", incident.RetireeId, $"Acknowledged incident {incident.Code}", ct);
        return TypedResults.Ok(await DetailAsync(updated!, store, index, ct));
    }

    private static async Task<Results<Ok<IncidentDetail>, NotFound, ValidationProblem>> ResolveAsync(
        string id, ResolveInput body, IncidentStore store, RegistryIndex index, EscalationEngine engine, PersonStore people, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await store.GetAsync(id, ct) is not var (incident, _) || !caller.MaySee(incident.VolunteerIds)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var note = CheckResolution(body, errors);
        if (incident.Status == IncidentStatus.Resolved) errors.Add("outcome", "This incident is already resolved.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var person = caller.PersonId is null ? null : await people.GetAsync(caller.PersonId, ct);
        var updated = await engine.ResolveAsync(id, new Resolution(body.Outcome!.Value, note, clock.UtcNow, person?.Name ?? caller.Name), ct);
        await audit.RecordAsync(caller, "incident.resolve", incident.RetireeId, $"Resolved incident {incident.Code}: {body.Outcome}", ct);
        return TypedResults.Ok(await DetailAsync(updated!, store, index, ct));
    }

    /// <summary>The outcome and note a resolution needs (one incident or many); the trimmed note.</summary>
    internal static string CheckResolution(ResolveInput body, FieldErrors errors)
    {
        if (body.Outcome is null) errors.Add("outcome", "One of well, reachedByPhone, visited, hospitalised, deceased, falseAlarm, other.");
        var note = body.Note?.Trim() ?? "";
        if (note.Length > 1000) errors.Add("note", "At most 1000 characters.");
        if (note.Length == 0 && body.Outcome is IncidentOutcome.Other or IncidentOutcome.Deceased or IncidentOutcome.Hospitalised)
            errors.Add("note", "Say what happened.");
        return note;
    }

    private static async Task<Results<Ok<IncidentDetail>, NotFound, ValidationProblem>> AddNoteAsync(
        string id, NoteInput body, IncidentStore store, RegistryIndex index, EscalationEngine engine, PersonStore people, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await store.GetAsync(id, ct) is not var (incident, _) || !caller.MaySee(incident.VolunteerIds)) return TypedResults.NotFound();
        var note = body.Note?.Trim() ?? "";
        if (note.Length is 0 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["Between 1 and 1000 characters."] });
        var person = caller.PersonId is null ? null : await people.GetAsync(caller.PersonId, ct);
        await engine.AddNoteAsync(id, person?.Name ?? caller.Name, TimelineTexts.Note(note), ct);
        await audit.RecordAsync(caller, "incident.note", incident.RetireeId, $"Note on incident {incident.Code}", ct);
        // The incident and its lines as they are now, the new note among them: one query of its partition.
        var (after, timeline) = (await store.GetWithTimelineAsync(id, ct))!.Value;
        return TypedResults.Ok(await DetailAsync(after, index, timeline, ct));
    }

    private static async Task<Results<Ok<EscalationPolicy>, ValidationProblem>> SavePolicyAsync(
        PolicyInput body, CarePlanStore plans, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Levels is null) errors.Add("levels", "The ordered levels are required.");
        var defaults = EscalationPolicy.Default;
        var policy = new EscalationPolicy
        {
            Levels = body.Levels ?? defaults.Levels,
            AckTimeoutMinutes = body.AckTimeoutMinutes ?? defaults.AckTimeoutMinutes,
            UrgentWaitMinutes = body.UrgentWaitMinutes ?? defaults.UrgentWaitMinutes,
            MaxRepeats = body.MaxRepeats ?? defaults.MaxRepeats,
            MaxAckReminders = body.MaxAckReminders ?? defaults.MaxAckReminders,
        };
        if (body.Levels is not null) foreach (var (field, message) in policy.Validate()) errors.Add(field, message);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await plans.SavePolicyAsync(policy, ct);
        await audit.RecordAsync(Caller.From(http.User), "escalation.policy", null, $"Escalation policy: {policy.Levels.Count} levels", ct);
        return TypedResults.Ok(policy);
    }
}
