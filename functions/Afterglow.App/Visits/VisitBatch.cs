using System.Security.Cryptography;
using System.Text;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Visits;

/// <summary>
/// The body of POST /api/visits/batch: one visit (a festival's, typically) for many retirees. The visitors are
/// chosen from People (visitorIds, so visits count per person); visitors is free text for someone from outside.
/// requestId is made once by the form: a retry of the same request logs nothing twice.
/// </summary>
public sealed record VisitBatchRequest(string? RequestId, DateOnly? Date, VisitKind? Kind, IReadOnlyList<string>? VisitorIds, string? Visitors,
    string? Note, decimal? Amount, IReadOnlyList<string>? RetireeIds);

public sealed record VisitBatchRow(string RetireeId, string VisitId, string Result);
public sealed record VisitBatchResult(int Logged, int AlreadyLogged, IReadOnlyList<VisitBatchRow> Rows);

/// <summary>
/// Logs the visit for every retiree listed, or none: the request is checked as a whole (a wrong row is a field
/// error naming it), then written. Each visit's id comes from the requestId and the retiree, so a retried
/// request finds what it wrote before and reports it "alreadyLogged". Staff only.
/// </summary>
public static class VisitBatch
{
    public const int MaxRetirees = 1000;
    public const int MaxVisitorIds = 20;

    public static async Task<Results<Ok<VisitBatchResult>, ValidationProblem>> LogAsync(
        VisitBatchRequest body, RegistryIndex index, PersonStore people, VisitStore visits, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var requestId = body.RequestId?.Trim() ?? "";
        var errors = new FieldErrors();
        if (requestId.Length is < 8 or > 64) errors.Add("requestId", "An id for this request (8–64 characters), the same on a retry.");

        var visitorIds = body.VisitorIds ?? [];
        var chosen = new List<Person>();
        if (visitorIds.Count > MaxVisitorIds) errors.Add("visitorIds", $"At most {MaxVisitorIds} people.");
        var known = visitorIds.Count == 0 ? [] : (await people.ListAsync(ct)).ToDictionary(p => p.Id);
        for (var i = 0; i < Math.Min(visitorIds.Count, MaxVisitorIds); i++)
        {
            if (visitorIds[i] is { } vid && known.TryGetValue(vid, out var person) && person.Active) chosen.Add(person);
            else errors.Add($"visitorIds[{i}]", "No one in People with this id.");
        }
        var names = string.Join("、", chosen.Select(p => p.Name).Append(body.Visitors?.Trim()).Where(s => !string.IsNullOrEmpty(s)));
        if (visitorIds.Count == 0 && string.IsNullOrWhiteSpace(body.Visitors)) errors.Add("visitorIds", "Choose who visited (or type the name of someone from outside).");

        // The fields every visit shares are checked as the one-visit form checks them.
        var (template, visitErrors) = VisitValidation.Validate(new VisitRequest(body.Date, body.Kind, names, body.Note, body.Amount), "r0", caller.Email, clock.Today, clock.UtcNow);
        foreach (var (field, message) in visitErrors.All) errors.Add(field == "visitors" && chosen.Count > 0 ? "visitors" : field, message);

        var ids = body.RetireeIds ?? [];
        if (ids.Count is 0 or > MaxRetirees) errors.Add("retireeIds", $"Between 1 and {MaxRetirees} retirees.");
        await index.EnsureCurrentAsync(ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(ids.Count, MaxRetirees); i++)
        {
            if (ids[i] is not { } id || !RetireeStore.IsId(id) || index.Find(id) is null) errors.Add($"retireeIds[{i}]", "No retiree with this id.");
            else if (!seen.Add(id)) errors.Add($"retireeIds[{i}]", "This retiree is listed twice.");
        }
        if (errors.Any || template is null) return TypedResults.ValidationProblem(errors.ToDictionary());

        var batch = ids.Select(id => template with { Id = IdFor(requestId, id, template.Date), RetireeId = id, VisitorIds = chosen.Select(p => p.Id).ToList() }).ToList();
        var written = await visits.AddManyAsync(batch, caller, ct);
        var rows = batch.Select(v => new VisitBatchRow(v.RetireeId, v.Id, written.Contains(v.Id) ? "logged" : "alreadyLogged")).ToList();
        return TypedResults.Ok(new VisitBatchResult(written.Count, rows.Count - written.Count, rows));
    }

    /// <summary>The same request and retiree always make the same visit id (the store's shape: day, then 16 hex digits).</summary>
    public static string IdFor(string requestId, string retireeId, DateOnly date)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{requestId}\n{retireeId}")));
        return $"{date:yyyyMMdd}-{hash[..16]}";
    }
}
