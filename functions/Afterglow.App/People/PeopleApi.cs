using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Problems;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.People;

public sealed record PersonInput(string? Name, string? Phone, PersonRole? Role, string? Language, IReadOnlyList<string>? Areas, bool? Active, string? Notes);
public sealed record AreaInput(string? Id, string? Name, IReadOnlyList<string>? LiaisonIds);

/// <summary>Staff, liaisons and volunteers, and the liaison areas. Kept by coordinators.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").RequireAuthorization(Policies.Staff);
        // Active first, then by name as the office sorts names (pinyin), so a long list reads like the office's own roll.
        group.MapGet("/people", async (PersonStore store, CancellationToken ct) => TypedResults.Ok(
            (await store.ListAsync(ct)).OrderByDescending(p => p.Active).ThenBy(p => p.Name, Retirees.RetireesApi.ByName.Value).ThenBy(p => p.Id, StringComparer.Ordinal).ToList()));
        group.MapGet("/people/{id}", async Task<Results<Ok<Person>, NotFound>> (string id, PersonStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound());
        group.MapPost("/people", CreateAsync);
        group.MapPut("/people/{id}", UpdateAsync);
        group.MapGet("/areas", async (PersonStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAreasAsync(ct)));
        group.MapPut("/areas/{id}", SaveAreaAsync);
        return group;
    }

    private static async Task<Results<Created<Person>, ValidationProblem>> CreateAsync(
        PersonInput body, PersonStore store, PhoneNumberRules phones, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (person, errors) = Validate("p" + Guid.NewGuid().ToString("N")[..12], body, phones);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await store.SaveAsync(person, ct);
        await audit.RecordAsync(Caller.From(http.User), "person.create", null, $"Added {person.Role} {person.Name}", ct);
        return TypedResults.Created($"/api/people/{person.Id}", person);
    }

    private static async Task<Results<Ok<Person>, NotFound, ValidationProblem>> UpdateAsync(
        string id, PersonInput body, PersonStore store, PhoneNumberRules phones, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var (person, errors) = Validate(id, body, phones);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await store.SaveAsync(person, ct);
        await audit.RecordAsync(Caller.From(http.User), "person.update", null, $"Updated {person.Role} {person.Name}", ct);
        return TypedResults.Ok(person);
    }

    private static async Task<Results<Ok<Area>, ValidationProblem>> SaveAreaAsync(
        string id, AreaInput body, PersonStore store, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (id.Length is 0 or > 40 || !id.All(c => char.IsLetterOrDigit(c) || c == '-')) errors.Add("id", "1 to 40 letters, digits or dashes.");
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) errors.Add("name", "Enter a name of at most 100 characters.");
        else if (!ReadableText.IsSafe(body.Name)) errors.Add("name", ReadableText.Describe(body.Name));
        var liaisons = body.LiaisonIds ?? [];
        if (liaisons.Count > 20) { errors.Add("liaisonIds", "At most 20 liaisons."); liaisons = []; }
        for (var i = 0; i < liaisons.Count; i++)
            if (await store.GetAsync(liaisons[i], ct) is null) errors.Add($"liaisonIds[{i}]", "No person with this id.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var area = new Area(id, body.Name!.Trim(), liaisons);
        await store.SaveAreaAsync(area, ct);
        return TypedResults.Ok(area);
    }

    private static (Person, FieldErrors) Validate(string id, PersonInput body, PhoneNumberRules phones)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > 50) errors.Add("name", "Enter a name of at most 50 characters.");
        else if (!ReadableText.IsSafe(body.Name)) errors.Add("name", ReadableText.Describe(body.Name));
        // Everyone here may be texted (escalations, duty): a mobile number.
        if (!phones.TryNormalize(body.Phone, PhoneUse.Mobile, out var phone)) errors.Add("phone", "Enter a valid mobile number.");
        // No default: a person without a role would silently become staff and get duty escalations.
        if (body.Role is null) errors.Add("role", "Say whether this person is staff, liaison or volunteer.");
        var language = body.Language ?? "zh-CN";
        if (language is not ("zh-CN" or "en")) errors.Add("language", "Language is zh-CN or en.");
        if (body.Notes is { Length: > 1000 }) errors.Add("notes", "At most 1000 characters.");
        else if (!ReadableText.IsSafe(body.Notes, multiline: true)) errors.Add("notes", ReadableText.Describe(body.Notes!, multiline: true));
        var areas = body.Areas ?? [];
        if (areas.Count > 50) errors.Add("areas", "At most 50 areas.");
        for (var i = 0; i < areas.Count; i++)
            if (string.IsNullOrWhiteSpace(areas[i]) || areas[i].Length > 40) errors.Add($"areas[{i}]", "An area id has 1 to 40 characters.");
        var person = new Person
        {
            Id = id, Name = body.Name?.Trim() ?? "", Phone = phone, Role = body.Role ?? PersonRole.Staff, Language = language,
            Areas = areas, Active = body.Active ?? true, Notes = body.Notes?.Trim(),
        };
        return (person, errors);
    }
}
