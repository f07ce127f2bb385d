using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Visits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.VisitPlans;

/// <summary>The body of POST /api/visitplans/{id}/tasks/{retireeId}/done: the visit that does the task (by default today's home visit).</summary>
public sealed record TaskDoneInput(DateOnly? Date, VisitKind? Kind, string? Note);

public sealed record TaskDoneResult(string Result, string PeriodKey, VisitDto Visit);

/// <summary>
/// Visit plans (分级走访): staff make and change the plans; everyone signed in reads the due list and marks a task
/// done, which logs a real visit in the visit log. A volunteer gets only their paired retirees' tasks; anyone
/// else's retiree, or one outside the plan's segment, is 404. Edits carry If-Match with the plan's revision.
/// </summary>
public static class VisitPlansApi
{
    public const int DefaultMax = 500;
    public const int MaxTasks = 5000;

    public static void MapVisitPlans(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/api/visitplans").RequireAuthorization(Policies.Staff);
        staff.MapGet("", ListAsync);
        staff.MapPost("", CreateAsync);
        staff.MapGet("/{id}", GetAsync);
        staff.MapPut("/{id}", UpdateAsync);
        var tasks = routes.MapGroup("/api/visitplans").RequireAuthorization(Policies.SignedIn);
        tasks.MapGet("/tasks", TasksAsync);
        tasks.MapPost("/{id}/tasks/{retireeId}/done", DoneAsync);
    }

    private static async Task<Ok<List<VisitPlanView>>> ListAsync(VisitPlanStore store, VisitPlanTasks tasks, OfficeClock clock, CancellationToken ct)
    {
        var names = await tasks.NamesAsync(ct);
        return TypedResults.Ok((await store.ListAsync(ct)).Select(p => p.ToView(names, clock.Today)).ToList());
    }

    private static async Task<Results<Created<VisitPlanView>, ValidationProblem>> CreateAsync(VisitPlanInput body, VisitPlanStore store, VisitPlanTasks tasks,
        PersonStore people, BroadcastStore segments, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var errors = new FieldErrors();
        var template = new VisitPlan { Id = VisitPlanStore.NewId(), Name = "", StartsOn = clock.Today, CreatedBy = caller.Email, CreatedAt = clock.UtcNow };
        if (await VisitPlanValidation.ReadAsync(body, template, clock.Today, people, segments, errors, ct) is not { } plan)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        await store.AddAsync(plan, ct);
        await audit.RecordAsync(caller, "visitplan.create", null, $"Made visit plan {plan.Id} \"{plan.Name}\" ({plan.Frequency}, {plan.VisitorIds.Count} visitors)", ct);
        http.Response.Headers.ETag = plan.ETag;
        return TypedResults.Created($"/api/visitplans/{plan.Id}", plan.ToView(await tasks.NamesAsync(ct), clock.Today));
    }

    private static async Task<Results<Ok<VisitPlanView>, NotFound>> GetAsync(string id, VisitPlanStore store, VisitPlanTasks tasks, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (plan, _)) return TypedResults.NotFound();
        http.Response.Headers.ETag = plan.ETag;
        return TypedResults.Ok(plan.ToView(await tasks.NamesAsync(ct), clock.Today));
    }

    private static async Task<Results<Ok<VisitPlanView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, VisitPlanInput body, [FromHeader(Name = "If-Match")] string? ifMatch, VisitPlanStore store, VisitPlanTasks tasks,
        PersonStore people, BroadcastStore segments, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (current, etag)) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        if (current.ETag != ifMatch.Trim()) return Stale();
        var errors = new FieldErrors();
        if (await VisitPlanValidation.ReadAsync(body, current, clock.Today, people, segments, errors, ct) is not { } next)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!await store.TrySaveAsync(next, etag, ct)) return Stale();
        await audit.RecordAsync(Caller.From(http.User), "visitplan.update", null, $"Changed visit plan {id} \"{next.Name}\"", ct);
        http.Response.Headers.ETag = next.ETag;
        return TypedResults.Ok(next.ToView(await tasks.NamesAsync(ct), clock.Today));
    }

    /// <summary>?on=yyyy-MM-dd (default today) &amp;planId= &amp;visitorId= &amp;state=due|overdue|done &amp;max=.</summary>
    private static async Task<Results<Ok<PlanTaskList>, ValidationProblem>> TasksAsync(
        VisitPlanTasks tasks, OfficeClock clock, HttpContext http, CancellationToken ct,
        string? on = null, string? planId = null, string? visitorId = null, string? state = null, int max = DefaultMax)
    {
        var errors = new FieldErrors();
        var day = clock.Today;
        if (on is not null && !DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)) errors.Add("on", "A date as yyyy-MM-dd.");
        PlanTaskState? s = null;
        if (state is not null)
        {
            var named = Enum.GetValues<PlanTaskState>().Where(v => Reports.ReportKinds.State(v) == state).ToList();
            if (named.Count == 1) s = named[0];
            else errors.Add("state", "One of: overdue, due, done.");
        }
        if (max is < 1 or > MaxTasks) errors.Add("max", $"Between 1 and {MaxTasks}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await tasks.ListAsync(Caller.From(http.User), day, planId, visitorId, s, max, ct));
    }

    private static async Task<Results<Ok<TaskDoneResult>, Created<TaskDoneResult>, NotFound, ValidationProblem>> DoneAsync(
        string id, string retireeId, TaskDoneInput body, VisitPlanStore store, VisitPlanTasks tasks, RegistryIndex index, VisitStore visits,
        OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // Scope first: an unknown plan, someone else's retiree or one outside the plan is 404 whatever the body says.
        if (await store.GetAsync(id, ct) is not var (plan, _)) return TypedResults.NotFound();
        await index.EnsureCurrentAsync(ct);
        if (index.Find(retireeId) is null || tasks.Segment(plan, caller, clock.Today).All(r => r.Id != retireeId)) return TypedResults.NotFound();

        var today = clock.Today;
        var kind = body.Kind ?? plan.Kinds.FirstOrDefault(VisitKind.Home);
        var errors = new FieldErrors();
        if (plan.Kinds.Count > 0 && !plan.Kinds.Contains(kind)) errors.Add("kind", "A kind of visit this plan counts.");
        var names = await tasks.NamesAsync(ct);
        // Staff go as the plan says; a volunteer logs their own visit.
        var visitorIds = caller.PersonId is { } me && !caller.IsStaff ? [me] : plan.VisitorIds;
        var visitorNames = caller.PersonId is not null && !caller.IsStaff ? caller.Name : string.Join("、", visitorIds.Select(v => names.GetValueOrDefault(v, v)));
        var (template, visitErrors) = VisitValidation.Validate(new VisitRequest(body.Date ?? today, kind, visitorNames, body.Note, null), retireeId, caller.Name, today, clock.UtcNow);
        foreach (var (field, message) in visitErrors.All) errors.Add(field, message);
        var period = template is null ? null : PlanPeriods.Open(plan, template.Date, today);
        if (template is not null && period is null) errors.Add("date", "The day is in neither this plan's current period nor its last one.");
        if (errors.Any || template is null || period is null) return TypedResults.ValidationProblem(errors.ToDictionary());

        var name = index.Find(retireeId)!.Name;
        var done = (await visits.ListForRetireeAsync(retireeId, ct)).Where(v => plan.Counts(v, period)).MinBy(v => (v.Date, v.RecordedAt));
        if (done is not null) return TypedResults.Ok(new TaskDoneResult("alreadyDone", period.Key, done.ToDto(name)));
        // The id comes from the plan, period and retiree: a double tap or a retry logs one visit.
        var visit = template with
        {
            Id = VisitBatch.IdFor($"plan|{plan.Id}|{period.Key}", retireeId, template.Date), VisitorIds = [.. visitorIds],
            Note = template.Note ?? $"{plan.Name} ({period.Key})",
        };
        await visits.AddManyAsync([visit], caller, ct);
        return TypedResults.Created($"/api/retirees/{retireeId}/visits/{visit.Id}", new TaskDoneResult("logged", period.Key, visit.ToDto(name)));
    }

    private static ProblemHttpResult Stale() => TypedResults.Problem(statusCode: 412, title: "Someone else changed this plan since you opened it.",
        detail: "Reload it, check their change, and make yours again.");
}
