using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Bereavement;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Bereavement;

/// <summary>
/// Bereavement (丧事): staff record a death and work its checklist; the open cases with what is overdue. A paired
/// volunteer reads the case on their retiree's page (what the office is doing, and whom to speak to in the family),
/// nothing else; others' retirees are 404. Edits carry If-Match with the case's revision.
/// </summary>
public static class BereavementApi
{
    public const int MaxNote = 500;

    public static void MapBereavement(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/bereavements", ListOpenAsync).RequireAuthorization(Policies.Staff);
        var retiree = routes.MapGroup("/api/retirees/{id}");
        retiree.MapPost("/death", RecordAsync).RequireAuthorization(Policies.Staff);
        retiree.MapGet("/bereavement", GetAsync).RequireAuthorization(Policies.SignedIn);
        retiree.MapPut("/bereavement/items/{item}", ChangeItemAsync).RequireAuthorization(Policies.Staff);
        retiree.MapPut("/bereavement/nextOfKin", ChangeNextOfKinAsync).RequireAuthorization(Policies.Staff);
    }

    /// <summary>Open cases, the most overdue first, then by the next item due.</summary>
    private static async Task<Ok<List<BereavementSummary>>> ListOpenAsync(BereavementStore store, BereavementDesk desk, PersonStore people, OfficeClock clock, CancellationToken ct)
    {
        var names = await NamesAsync(people, ct);
        var cases = new List<BereavementCase>();
        // A case whose announcement a crash cut short is finished here, where staff will look.
        foreach (var c in await store.ListOpenAsync(ct)) cases.Add(c.Announced ? c : await desk.AnnounceAsync(c, ct));
        var today = clock.Today;
        return TypedResults.Ok(cases.Select(c => c.ToSummary(today, names))
            .OrderByDescending(s => s.Overdue.Count).ThenBy(s => s.NextDue).ThenBy(s => s.Name, RetireesApi.ByName.Value).ToList());
    }

    private static async Task<Results<Ok<BereavementView>, Created<BereavementView>, NotFound, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string id, DeathInput body, RetireeStore retirees, BereavementStore store, BereavementDesk desk, PersonStore people, OfficeClock clock, AuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        if (await retirees.GetAsync(id, ct) is not var (retiree, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var today = clock.Today;
        if (body.DiedOn is not { } diedOn) errors.Add("diedOn", "Enter the date of death.");
        else if (diedOn > today) errors.Add("diedOn", "The date of death is in the future.");
        else if (diedOn < retiree.Profile.BirthDate) errors.Add("diedOn", "The date of death is before the birth date.");
        if (body.LearnedFrom is null) errors.Add("learnedFrom", "Say how the office learned of it: family, volunteer, liaison, hospital, street, colleague or other.");
        var note = Trimmed(body.LearnedNote);
        if (note?.Length > MaxNote) errors.Add("learnedNote", $"At most {MaxNote} characters.");
        var nextOfKin = ChooseNextOfKin(retiree.Profile, body.NextOfKin, "nextOfKin", errors);
        await CheckAssigneeAsync(body.AssigneeId, "assigneeId", people, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (retiree.Profile.Status == RetireeStatus.Archived && await store.GetAsync(id, ct) is null)
            return TypedResults.Problem(statusCode: 409, title: "The record is archived.", detail: "Restore the record before recording a death.");

        var caller = Caller.From(http.User);
        var (c, created) = await desk.RecordAsync(retiree, body with { LearnedNote = note }, nextOfKin, caller, ct);
        if (created) await audit.RecordAsync(caller, "bereavement.record", id, $"Recorded the death of {c.Name} on {c.DiedOn:yyyy-MM-dd} ({c.LearnedFrom}); checklist of {c.Items.Count}", ct);
        var view = c.ToView(today, await NamesAsync(people, ct));
        http.Response.Headers.ETag = c.ETag;
        return created ? TypedResults.Created($"/api/retirees/{id}/bereavement", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<BereavementPage>, NotFound>> GetAsync(
        string id, RetireeStore retirees, BereavementStore store, PersonStore people, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await retirees.GetAsync(id, ct) is not var (retiree, _) || !RetireesApi.MaySee(caller, retiree)) return TypedResults.NotFound();
        var found = await store.GetAsync(id, ct);
        if (found is { } f) http.Response.Headers.ETag = f.Case.ETag;
        var view = found?.Case.ToView(clock.Today, await NamesAsync(people, ct));
        return TypedResults.Ok(new BereavementPage(view, caller.IsStaff ? NextOfKinChoices.Of(retiree.Profile) : [], Checklist.HasSurvivor(retiree.Profile)));
    }

    private static async Task<Results<Ok<BereavementView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeItemAsync(
        string id, string item, ItemInput body, [FromHeader(Name = "If-Match")] string? ifMatch, RetireeStore retirees, BereavementDesk desk,
        PersonStore people, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await retirees.GetAsync(id, ct) is null || ParseKind(item) is not { } kind) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch)) return PreconditionRequired();
        var errors = new FieldErrors();
        var note = Trimmed(body.Note);
        if (body.State is null && body.AssigneeId is null && body.Due is null && note is null) errors.Add("state", "Change something: state, assigneeId, due or note.");
        if (note?.Length > MaxNote) errors.Add("note", $"At most {MaxNote} characters.");
        if (body.State == ChecklistItemState.NotNeeded && note is null) errors.Add("note", "Say why it is not needed.");
        if (body.Due is { } due && (due < clock.Today.AddYears(-2) || due > clock.Today.AddYears(2))) errors.Add("due", "A day within two years of today.");
        await CheckAssigneeAsync(body.AssigneeId, "assigneeId", people, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        var (c, refused, archivedNow) = await desk.ChangeItemAsync(id, kind, body with { Note = note }, ifMatch, caller, ct);
        if (Refusal(refused) is { } problem) return problem;
        await audit.RecordAsync(caller, "bereavement.item", id, $"{c!.Name}: {kind} → {c.Items.First(i => i.Kind == kind).State}{(note is null ? "" : $" ({note})")}", ct);
        if (archivedNow) await audit.RecordAsync(caller, "bereavement.archive", id, $"{c.Name}: every item done or not needed; the case is archived", ct);
        http.Response.Headers.ETag = c.ETag;
        return TypedResults.Ok(c.ToView(clock.Today, await NamesAsync(people, ct)));
    }

    private static async Task<Results<Ok<BereavementView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeNextOfKinAsync(
        string id, NextOfKinInput body, [FromHeader(Name = "If-Match")] string? ifMatch, RetireeStore retirees, BereavementDesk desk,
        PersonStore people, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await retirees.GetAsync(id, ct) is not var (retiree, _)) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch)) return PreconditionRequired();
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Source)) errors.Add("source", "Choose an emergency contact, the spouse or a child.");
        var chosen = string.IsNullOrWhiteSpace(body.Source) ? null : ChooseNextOfKin(retiree.Profile, body.Source, "source", errors);
        if (errors.Any || chosen is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var (c, refused) = await desk.ChangeNextOfKinAsync(id, chosen, ifMatch, caller, ct);
        if (Refusal(refused) is { } problem) return problem;
        await audit.RecordAsync(caller, "bereavement.nextOfKin", id, $"{c!.Name}: next of kin {chosen.Name} ({chosen.Relation})", ct);
        http.Response.Headers.ETag = c.ETag;
        return TypedResults.Ok(c.ToView(clock.Today, await NamesAsync(people, ct)));
    }

    /// <summary>The chosen source ("contact:0", "spouse", "child:1"), or by default the first there is; an unknown source is a field error.</summary>
    private static NextOfKin? ChooseNextOfKin(RetireeProfile profile, string? source, string field, FieldErrors errors)
    {
        var choices = NextOfKinChoices.Of(profile);
        if (string.IsNullOrWhiteSpace(source)) return choices.FirstOrDefault();
        var chosen = choices.FirstOrDefault(c => c.Source == source.Trim());
        if (chosen is null) errors.Add(field, "Choose one of the emergency contacts, the spouse or a child on the record.");
        return chosen;
    }

    private static async Task CheckAssigneeAsync(string? personId, string field, PersonStore people, FieldErrors errors, CancellationToken ct)
    {
        if (personId is null) return;
        if (personId.Length is 0 or > 64 || await people.GetAsync(personId, ct) is not { Active: true }) errors.Add(field, "No active person with this id in People.");
    }

    private static ChecklistItemKind? ParseKind(string item) =>
        Enum.GetValues<ChecklistItemKind>().Select(k => (ChecklistItemKind?)k).FirstOrDefault(k => BereavementMapping.Word(k!.Value) == item);

    private static ProblemHttpResult? Refusal(string? refused) => refused switch
    {
        null => null,
        "stale" => TypedResults.Problem(statusCode: 412, title: "Someone else changed this checklist since you opened it.", detail: "Reload it, check their change, and make yours again."),
        "archived" => TypedResults.Problem(statusCode: 409, title: "The checklist is closed.", detail: "Every item is done or not needed; the case is archived."),
        "noItem" => TypedResults.Problem(statusCode: 409, title: "This checklist has no such item.", detail: "Survivor hardship aid is on the checklist only where a spouse survives."),
        _ => TypedResults.Problem(statusCode: 409, title: "No death is recorded for this retiree.", detail: "Record the death first."),
    };

    private static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(PersonStore people, CancellationToken ct) =>
        (await people.ListAsync(ct)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
}
