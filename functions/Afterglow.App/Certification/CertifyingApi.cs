using System.Globalization;
using System.Text.Json;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Certification;
using Afterglow.Domain.Phones;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Certification;

/// <summary>
/// Who is in a campaign and where they stand: the list (filtered; who is missing as the deadline comes), marking done
/// (one or many), the missing list as a file, a retiree's own certification, and the home visits a volunteer owes.
/// </summary>
public static class CertifyingApi
{
    public const int MaxBatch = 500;
    public const int MaxNote = 200;

    public static void MapCertifying(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/certification/{id}").RequireAuthorization(Policies.Staff);
        group.MapGet("/retirees", ListAsync);
        group.MapPut("/retirees/{retireeId}", MarkAsync);
        group.MapPost("/done", BatchDoneAsync);
        group.MapGet("/export", ExportAsync);
        routes.MapGet("/api/certification/visits", RetireeCertificationApi.VisitsAsync).RequireAuthorization(Policies.SignedIn);
        routes.MapGet("/api/retirees/{id}/certification", RetireeCertificationApi.RetireeAsync).RequireAuthorization(Policies.SignedIn);
        routes.MapPost("/api/retirees/{id}/certification/visit", RetireeCertificationApi.VisitDoneAsync).RequireAuthorization(Policies.SignedIn);
        routes.MapElsewhere();
    }

    /// <summary>?state= (one state), ?missing=true (everyone not done; the export's default), ?city=, ?q= (name or unit). Missing first, then by name.</summary>
    private static async Task<(List<CertifyingView>? Items, FieldErrors Errors)> FilteredAsync(string id, HttpRequest request, CertificationDesk desk, bool missingByDefault, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var state = Parse<CertificationState>(request.Query["state"].FirstOrDefault(), "state", errors);
        var missingText = request.Query["missing"].FirstOrDefault();
        bool? missing = missingText switch { "true" => true, "false" => false, _ => missingByDefault && state is null ? true : null };
        if (missingText is not (null or "true" or "false")) errors.Add("missing", "true or false.");
        var city = request.Query["city"].FirstOrDefault()?.Trim();
        var q = request.Query["q"].FirstOrDefault()?.Trim();
        if (errors.Any) return (null, errors);
        var items = (await desk.AliveAsync(id, ct)).Select(x => x.Row.ToView(x.Retiree))
            .Where(v => (state is null || v.State == state) && (missing is null || CertificationRules.IsMissing(v.State) == missing)
                && (string.IsNullOrEmpty(city) || v.City == city)
                && (string.IsNullOrEmpty(q) || v.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (v.Unit?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)))
            .OrderBy(v => v.State == CertificationState.Done).ThenBy(v => v.Name, RetireesApi.ByName.Value).ThenBy(v => v.RetireeId, StringComparer.Ordinal).ToList();
        return (items, errors);
    }

    private static async Task<Results<Ok<CertifyingPage>, NotFound, ValidationProblem>> ListAsync(
        string id, HttpRequest request, CertificationStore store, CertificationDesk desk, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (c, _)) return TypedResults.NotFound();
        var (items, errors) = await FilteredAsync(id, request, desk, false, ct);
        if (items is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(new CertifyingPage(await desk.ViewAsync(c, ct), items));
    }

    /// <summary>Done (with how) or a state by hand: to do, home visit, living elsewhere. The same again changes nothing.</summary>
    private static async Task<Results<Ok<CertifyingView>, NotFound, ValidationProblem, ProblemHttpResult>> MarkAsync(
        string id, string retireeId, MarkInput body, CertificationStore store, CertificationDesk desk, RegistryIndex index, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (c, _) || await store.GetRowAsync(id, retireeId, ct) is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var state = body.State ?? (body.How is null ? null : CertificationState.Done);
        if (state is null) errors.Add("state", "done (with how), toDo, homeVisit or elsewhere.");
        else if (state == CertificationState.Done && body.How is null) errors.Add("how", "How it was done: app, office, homeVisit or institution.");
        else if (state == CertificationState.Reminded) errors.Add("state", "Reminded is set by sending a reminder.");
        else if (state != CertificationState.Done && body.How is not null) errors.Add("how", "Only with done.");
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note?.Length > MaxNote) errors.Add("note", $"At most {MaxNote} characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await index.EnsureCurrentAsync(ct);
        if (index.Find(retireeId) is not { } s || !CertificationDesk.Alive(s))
            return TypedResults.Problem(statusCode: 409, title: "This retiree has left the campaign.", detail: "The record is deceased or archived.");
        var caller = Caller.From(http.User);
        var (row, changed) = (await desk.MarkAsync(c, retireeId, state!.Value, body.How, note, caller, ct))!.Value;
        if (changed) await audit.RecordAsync(caller, "certification.mark", retireeId, $"{c.Year} certification: {Describe(row)}", ct);
        return TypedResults.Ok(row.ToView(s));
    }

    private static string Describe(Certifying row) => row.How is { } how ? $"done ({CertificationMapping.Word(how)})" : CertificationMapping.Word(row.State);

    /// <summary>Many done in one click, all the same way. Ids not in the campaign (or no longer alive) are named back, the rest are marked.</summary>
    private static async Task<Results<Ok<BatchResult>, NotFound, ValidationProblem>> BatchDoneAsync(
        string id, BatchDoneInput body, CertificationStore store, CertificationDesk desk, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (c, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var ids = body.RetireeIds?.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (ids.Count == 0) errors.Add("retireeIds", "Choose at least one retiree.");
        else if (ids.Count > MaxBatch) errors.Add("retireeIds", $"At most {MaxBatch} at once.");
        if (body.How is null) errors.Add("how", "How it was done: app, office, homeVisit or institution.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var alive = (await desk.AliveAsync(id, ct)).Select(x => x.Row.RetireeId).ToHashSet(StringComparer.Ordinal);
        var caller = Caller.From(http.User);
        var changed = 0;
        foreach (var retireeId in ids.Where(alive.Contains))
            if (await desk.MarkAsync(c, retireeId, CertificationState.Done, body.How, null, caller, ct) is { Changed: true } result)
            {
                changed++;
                await audit.RecordAsync(caller, "certification.mark", retireeId, $"{c.Year} certification: {Describe(result.Row)}", ct);
            }
        return TypedResults.Ok(new BatchResult(changed, ids.Where(x => !alive.Contains(x)).ToList(), await desk.ViewAsync(c, ct)));
    }

    /// <summary>The list as filtered (by default who is missing) as CSV or xlsx, in zh-CN or en. Audited: names and phones leave the system.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ExportAsync(
        string id, HttpRequest request, CertificationStore store, CertificationDesk desk, PhoneNumberRules phones, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (c, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors);
        var (items, more) = await FilteredAsync(id, request, desk, true, ct);
        foreach (var e in more.All) errors.Add(e.Field, e.Message);
        if (items is null || errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var daysLeft = CertificationRules.DaysLeft(c.Deadline, clock.Today).ToString(CultureInfo.InvariantCulture);
        string Day(DateTimeOffset? t) => t is { } v ? clock.ToLocal(v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        List<string> header = zh ? ["姓名", "单位", "手机", "所在城市", "异地居住", "认证状态", "认证方式", "已提醒次数", "最近提醒", "截止日期", "剩余天数"]
            : ["Name", "Unit", "Mobile", "City", "Lives elsewhere", "State", "How", "Reminders", "Last reminded", "Deadline", "Days left"];
        var rows = items.Select(v => (IReadOnlyList<string>)[v.Name, v.Unit ?? "", phones.Display(v.Mobile), v.City ?? "", v.LivesElsewhere ? (zh ? "是" : "yes") : "",
            StateWord(v.State, zh), v.How is { } h ? HowWord(h, zh) : "", v.Reminders.ToString(CultureInfo.InvariantCulture), Day(v.RemindedAt),
            c.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), daysLeft]);
        await audit.RecordAsync(Caller.From(http.User), "certification.export", null, $"Exported {items.Count} of the {c.Year} certification {id}", ct);
        return RetireeExport.File(format, header, rows, zh, zh ? $"养老金资格认证-{c.Year}-未认证" : $"certification-{c.Year}-missing", sheet: zh ? "未认证名单" : "Missing");
    }

    public static string StateWord(CertificationState s, bool zh) => !zh ? CertificationMapping.Word(s) : s switch
    {
        CertificationState.ToDo => "未认证", CertificationState.Reminded => "已提醒", CertificationState.HomeVisit => "需上门认证",
        CertificationState.Elsewhere => "异地认证", _ => "已认证",
    };

    public static string HowWord(CertifiedHow h, bool zh) => !zh ? CertificationMapping.Word(h) : h switch
    {
        CertifiedHow.App => "手机自助", CertifiedHow.Office => "来处办理", CertifiedHow.HomeVisit => "上门认证", _ => "单位代认证",
    };

    internal static T? Parse<T>(string? text, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text)) return null;
        foreach (var v in Enum.GetValues<T>())
            if (JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) == text) return v;
        errors.Add(field, $"One of {string.Join(", ", Enum.GetValues<T>().Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString())))}.");
        return null;
    }
}
