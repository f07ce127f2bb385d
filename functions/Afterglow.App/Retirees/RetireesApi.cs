using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Bereavement;
using Afterglow.App.Import;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.Domain.Bereavement;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Retirees;

/// <summary>The retiree registry (离退休人员信息库): staff keep it; volunteers read only their paired retirees.</summary>
public static class RetireesApi
{
    private const int MaxPageSize = 200;
    // Chinese names sort by pinyin; the collation loads on the first list, not at start-up.
    internal static readonly Lazy<StringComparer> ByName = new(() => StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: true));

    public static RouteGroupBuilder MapRetirees(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/retirees").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Staff);
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.Staff);
        group.MapPost("/{id}/archive", ArchiveAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/{id}/changes", ChangesAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/counts", CountsAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/export", Import.RetireeExport.ExportAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/import/template", Import.RetireeExport.Template).RequireAuthorization(Policies.Staff);
        group.MapPairings();
        group.MapPost("/import", Import.RetireeImport.ImportAsync).RequireAuthorization(Policies.Staff).WithMetadata(new LargeBodyAttribute(Import.ImportLimits.MaxFileBytes));
        group.MapImportJobs();
        return group;
    }

    private static async Task<Results<Ok<RetireePage>, ValidationProblem>> ListAsync(
        HttpRequest request, RegistryIndex index, IGroupMembers groups, OfficeClock clock, HttpContext http, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (filter, errors) = RetireeFilter.FromQuery(request.Query);
        filter = await groups.ResolveAsync(filter, ct);
        if (page < 1) errors.Add("page", "Pages start at 1.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"Between 1 and {MaxPageSize}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await index.EnsureCurrentAsync(ct);
        var today = clock.Today;
        var matches = filter.Apply(index.All, Caller.From(http.User), today).ToList();
        var items = matches.OrderBy(s => s.Name, ByName.Value).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => s.ToListItem(today)).ToList();
        return TypedResults.Ok(new RetireePage(items, matches.Count, page, pageSize));
    }

    /// <summary>The reports' head counts in one pass over the registry (it was fifteen lists of one row, one per count).</summary>
    private static async Task<Ok<RetireeCounts>> CountsAsync(RegistryIndex index, OfficeClock clock, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var today = clock.Today;
        var active = index.All.Where(s => s.Status == RetireeStatus.Active).ToList();
        // The band on today's date, as the list's ageBand filter computes it (a stored band can be a night old).
        return TypedResults.Ok(new RetireeCounts(
            Named(active.CountBy(s => RiskAssessment.BandOn(s.BirthDate, today))),
            Named(active.CountBy(s => s.Tier)),
            Named(index.All.CountBy(s => s.Status))));

        // Every value by the name the filters take, with 0 for a value nobody has.
        static Dictionary<string, int> Named<T>(IEnumerable<KeyValuePair<T, int>> counts) where T : struct, Enum
        {
            var of = counts.ToDictionary();
            return Enum.GetValues<T>().ToDictionary(v => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), v => of.GetValueOrDefault(v));
        }
    }

    /// <summary>Every change to the record and its care plan (who, when, what), newest first, for the retiree's page.</summary>
    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, NotFound>> ChangesAsync(
        string id, RetireeStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        // The changes show old and new values: reading them is a read of personal data, audited beside the read.
        var recorded = audit.RecordAsync(Caller.From(http.User), "retiree.read", id, "Viewed the change history", ct);
        var changes = audit.ReadChangesAsync(id, 500, ct);
        await Task.WhenAll(recorded, changes);
        return TypedResults.Ok(changes.Result);
    }

    private static async Task<Results<Ok<RetireeDto>, NotFound>> GetAsync(
        string id, RetireeStore store, AuditLog audit, PersonStore people, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var read = store.GetAsync(id, ct);
        // Reading personal data is audited; the two storage calls run side by side.
        var recorded = audit.RecordAsync(caller, "retiree.read", id, "Viewed the record", ct);
        await Task.WhenAll(read, recorded);
        var found = read.Result;
        if (found is null || !MaySee(caller, found.Value.Retiree)) return TypedResults.NotFound();
        http.Response.Headers.ETag = found.Value.ETag.ToString();
        // A volunteer sees a co-volunteer by name, not by id (they cannot read People).
        var paired = await Task.WhenAll(found.Value.Retiree.Profile.VolunteerIds.Select(v => people.GetAsync(v, ct)));
        var dto = found.Value.Retiree.ToDto(clock.Today) with { Volunteers = paired.OfType<Person>().Select(p => new PairedVolunteer(p.Id, p.Name, p.Phone)).ToList() };
        // A volunteer needs to know whom they visit, not their ID number: the middle is masked (issue 14).
        return TypedResults.Ok(caller.IsStaff ? dto : dto with { Profile = dto.Profile with { IdNumber = MaskIdNumber(dto.Profile.IdNumber) } });
    }

    /// <summary>"110101194501011234" → "110101********1234": the region and the last four, as offices print them.</summary>
    public static string? MaskIdNumber(string? idNumber) =>
        idNumber is null ? null : idNumber.Length <= 10 ? new string('*', idNumber.Length) : idNumber[..6] + new string('*', idNumber.Length - 10) + idNumber[^4..];

    private static async Task<Results<Created<RetireeDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        RetireeProfile body, RetireeStore store, CarePlanner planner, PhoneNumberRules phones, PersonStore people, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var (profile, errors) = RetireeValidation.Validate(body, phones, clock.Today);
        await CheckVolunteersAsync(profile, people, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var result = await store.CreateAsync(profile, Caller.From(http.User), ct);
        if (result.Outcome == WriteOutcome.DuplicateIdNumber) return DuplicateIdNumber();
        await planner.PlanNewAsync([result.Retiree!], ct);
        http.Response.Headers.ETag = result.ETag.ToString();
        return TypedResults.Created($"/api/retirees/{result.Retiree!.Id}", result.Retiree.ToDto(clock.Today));
    }

    private static async Task<Results<Ok<RetireeDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, RetireeProfile body, [FromHeader(Name = "If-Match")] string? ifMatch,
        RetireeStore store, PhoneNumberRules phones, PersonStore people, BereavementDesk bereavement, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        var (profile, errors) = RetireeValidation.Validate(body, phones, clock.Today);
        await CheckVolunteersAsync(profile, people, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var wasDeceased = (await store.GetAsync(id, ct))?.Retiree.Profile.Status == RetireeStatus.Deceased;
        var result = await store.ReplaceAsync(id, profile, new ETag(ifMatch), Caller.From(http.User), "retiree.update", ct);
        // A death recorded on the edit form starts the bereavement checklist (an old death fixed in passing does not).
        if (result.Outcome == WriteOutcome.Ok && !wasDeceased && profile.Status == RetireeStatus.Deceased)
            await bereavement.StartFromRegistryAsync(id, LearnedFrom.Other, null, Caller.From(http.User), ct);
        return result.Outcome switch
        {
            WriteOutcome.NotFound => TypedResults.NotFound(),
            WriteOutcome.Stale => Stale(),
            WriteOutcome.DuplicateIdNumber => DuplicateIdNumber(),
            _ => Ok(http, result, clock),
        };
    }

    private static async Task<Results<Ok<RetireeDto>, NotFound, ValidationProblem>> ArchiveAsync(
        string id, ArchiveRequest body, RetireeStore store, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say in up to 500 characters why the record is archived."] });
        // Archiving is a small, safe change: retry on a concurrent edit rather than bounce it to the user.
        for (var attempt = 0; ; attempt++)
        {
            var found = await store.GetAsync(id, ct);
            if (found is null) return TypedResults.NotFound();
            var profile = found.Value.Retiree.Profile with { Status = RetireeStatus.Archived, DeceasedOn = null };
            var result = await store.ReplaceAsync(id, profile, found.Value.ETag, Caller.From(http.User), $"retiree.archive: {body.Reason.Trim()}", ct);
            if (result.Outcome == WriteOutcome.Ok)
            {
                http.Response.Headers.ETag = result.ETag.ToString();
                return TypedResults.Ok(result.Retiree!.ToDto(clock.Today));
            }
            if (result.Outcome == WriteOutcome.NotFound) return TypedResults.NotFound();
            if (attempt >= 3) throw new InvalidOperationException("The record kept changing while it was being archived.");
        }
    }

    private static Ok<RetireeDto> Ok(HttpContext http, WriteResult result, OfficeClock clock)
    {
        http.Response.Headers.ETag = result.ETag.ToString();
        return TypedResults.Ok(result.Retiree!.ToDto(clock.Today));
    }

    /// <summary>Staff see everyone; a volunteer only the retirees paired with them (others are 404, not 403).</summary>
    public static bool MaySee(Caller caller, Retiree retiree) =>
        caller.MaySee(retiree.Profile.VolunteerIds);

    private static async Task CheckVolunteersAsync(RetireeProfile profile, PersonStore people, FieldErrors errors, CancellationToken ct)
    {
        for (var i = 0; i < profile.VolunteerIds.Count; i++)
        {
            var person = await people.GetAsync(profile.VolunteerIds[i], ct);
            if (person is null || person.Role != PersonRole.Volunteer) errors.Add($"volunteerIds[{i}]", "No volunteer with this id.");
        }
    }

    private static ProblemHttpResult Stale() => TypedResults.Problem(statusCode: 412, title: "Someone else changed this record since you opened it.",
        detail: "Reload it, check their change, and make yours again.");

    // A problem (application/problem+json) like every other error, with the field error the form shows.
    private static ProblemHttpResult DuplicateIdNumber() => TypedResults.Problem(statusCode: 409, title: "Another retiree has this ID number.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["idNumber"] = ["This ID number is already registered."] } });
}
