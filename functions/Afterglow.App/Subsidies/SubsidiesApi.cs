using System.Globalization;
using System.Text.RegularExpressions;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Subsidies;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Subsidies;

public sealed record HardshipInput(int? Level, string? Reason, string? From);

/// <summary>A retiree's entitlement now, this year's total and the hardship levels set for them.</summary>
public sealed record RetireeSubsidyView(MonthEntitlement Now, decimal YearLongevity, decimal YearHardship, IReadOnlyList<HardshipPeriod> Hardship,
    IReadOnlyList<SubsidyChangeRow> Changes);

/// <summary>
/// Subsidies (高龄补贴, 困难补助; issue 17): rules an admin sets, hardship levels coordinators set with a reason, the
/// year's eligible list and each month's starts and stops for finance. Staff only: amounts and hardship are not a
/// volunteer's business.
/// </summary>
public static partial class SubsidiesApi
{
    public const int MaxReason = 200;

    public static IEndpointRouteBuilder MapSubsidies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/subsidies").RequireAuthorization(Policies.Staff);
        group.MapGet("/rules", RulesAsync);
        group.MapPut("/rules", SaveRulesAsync).RequireAuthorization(Policies.Admin);
        group.MapGet("/year", YearAsync);
        group.MapGet("/month", MonthAsync);
        group.MapGet("/export", ExportAsync);
        routes.MapGet("/api/retirees/{id}/subsidy", RetireeAsync).RequireAuthorization(Policies.Staff);
        routes.MapPut("/api/retirees/{id}/hardship", HardshipAsync).RequireAuthorization(Policies.Staff);
        return routes;
    }

    private static async Task<Ok<SubsidyRules>> RulesAsync(SubsidyStore store, HttpContext http, CancellationToken ct)
    {
        var (rules, etag) = await store.RulesAsync(ct);
        http.Response.Headers.ETag = etag?.ToString() ?? OfficeApi.NothingStored;
        return TypedResults.Ok(rules);
    }

    private static async Task<Results<Ok<SubsidyRules>, ValidationProblem, ProblemHttpResult>> SaveRulesAsync(
        SubsidyRules body, [FromHeader(Name = "If-Match")] string? ifMatch, SubsidyStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        var errors = new FieldErrors();
        foreach (var (field, message) in body.Validate()) errors.Add(field, message);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await store.SaveRulesAsync(body, ifMatch == OfficeApi.NothingStored ? null : new ETag(ifMatch), ct) is not { } etag)
            return TypedResults.Problem(statusCode: 412, title: "Someone changed the subsidy rules since you read them. Reload and try again.");
        var bands = string.Join(", ", body.Longevity.Select(b => $"{b.FromAge}+ {SubsidyLists.Money(b.YearlyAmount)}"));
        var levels = string.Join(", ", body.Hardship.Select(h => $"{h.Level}: {SubsidyLists.Money(h.YearlyAmount)}"));
        await audit.RecordAsync(Caller.From(http.User), "subsidy.rules", null, $"Longevity {bands}; hardship {levels} (yuan a year)", ct);
        http.Response.Headers.ETag = etag.ToString();
        return TypedResults.Ok(body);
    }

    /// <summary>?year=2026; rows=false for the totals alone (the Reports page: not a row per retiree paid, ~230 KB in a large office).</summary>
    private static async Task<Results<Ok<SubsidyYear>, ValidationProblem>> YearAsync(HttpRequest request, SubsidyLists lists, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var year = Year(request, clock, errors);
        var rows = request.Query["rows"].FirstOrDefault();
        if (rows is not (null or "true" or "false")) errors.Add("rows", "true or false.");
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(await lists.YearAsync(year, ct, withRows: rows != "false"));
    }

    private static async Task<Results<Ok<SubsidyMonth>, ValidationProblem>> MonthAsync(HttpRequest request, SubsidyLists lists, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (year, month) = Month(request, clock, errors);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(await lists.MonthAsync(year, month, ct));
    }

    /// <summary>?list=year&amp;year=2026 or list=month&amp;month=2026-12; csv or xlsx; zh-CN or en. Audited: names and amounts leave the system.</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, SubsidyLists lists, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors, defaultFormat: "xlsx");
        var list = request.Query["list"].FirstOrDefault() ?? "year";
        if (list is not ("year" or "month")) errors.Add("list", "year or month.");
        var year = list == "year" ? Year(request, clock, errors) : 0;
        var (my, mm) = list == "month" ? Month(request, clock, errors) : (0, 0);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (list == "year")
        {
            var (header, rows) = SubsidyLists.YearFile(await lists.YearAsync(year, ct), zh);
            await audit.RecordAsync(Caller.From(http.User), "subsidy.export", null, $"Exported the subsidy list of {year}", ct);
            return RetireeExport.File(format, header, rows, zh, zh ? $"补贴名单-{year}" : $"subsidies-{year}", sheet: zh ? "补贴名单" : "Subsidies");
        }
        var (mHeader, mRows) = SubsidyLists.MonthFile(await lists.MonthAsync(my, mm, ct), zh);
        var key = SubsidyCalculator.MonthKey(my, mm);
        await audit.RecordAsync(Caller.From(http.User), "subsidy.export", null, $"Exported the subsidy changes of {key}", ct);
        return RetireeExport.File(format, mHeader, mRows, zh, zh ? $"补贴变动-{key}" : $"subsidy-changes-{key}", sheet: zh ? "补贴变动" : "Changes");
    }

    private static async Task<Results<Ok<RetireeSubsidyView>, NotFound>> RetireeAsync(
        string id, RetireeStore retirees, SubsidyStore store, OfficeClock clock, CancellationToken ct)
    {
        if (await retirees.GetAsync(id, ct) is not var (retiree, _)) return TypedResults.NotFound();
        var (rules, _) = await store.RulesAsync(ct);
        var (record, _) = await store.HardshipAsync(id, ct);
        var p = new SubsidyPerson(id, retiree.Profile.BirthDate, retiree.Profile.Status, retiree.Profile.DeceasedOn, record.Periods);
        var today = clock.Today;
        var (_, longevity, hardship) = SubsidyCalculator.Year(rules, p, today.Year);
        // This year's and last year's changes, newest first: what the retiree's page lists.
        var changes = Enumerable.Range(0, 24).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(-i))
            .Select(d => SubsidyLists.ChangeOf(rules, p, retiree.Profile.Name, retiree.Profile.Unit, d.Year, d.Month))
            .OfType<SubsidyChangeRow>().ToList();
        return TypedResults.Ok(new RetireeSubsidyView(SubsidyCalculator.For(rules, p, today.Year, today.Month), longevity, hardship, record.Periods, changes));
    }

    /// <summary>Sets a retiree's hardship level (0 ends it) from a month on, with the reason. The same level from the same month again changes nothing.</summary>
    private static async Task<Results<Ok<RetireeSubsidyView>, ValidationProblem, NotFound>> HardshipAsync(
        string id, HardshipInput body, RetireeStore retirees, SubsidyStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await retirees.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        if (body.Level is not (>= 0 and <= 3)) errors.Add("level", "A hardship level from 0 (none) to 3.");
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReason) errors.Add("reason", $"Say why in up to {MaxReason} characters (the basis of the level, e.g. 重病, 低保).");
        var today = clock.Today;
        var from = string.IsNullOrWhiteSpace(body.From) ? SubsidyCalculator.MonthKey(today.Year, today.Month) : body.From.Trim();
        if (ParseMonth(from) is not { } start) errors.Add("from", "A month as yyyy-MM.");
        else if (start < new DateOnly(today.Year - 1, 1, 1) || start > new DateOnly(today.Year, today.Month, 1).AddMonths(12))
            errors.Add("from", "A month from the start of last year to a year ahead.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        for (var attempt = 0; ; attempt++)
        {
            var (record, etag) = await store.HardshipAsync(id, ct);
            if (record.Periods.LastOrDefault() is { } last && last.Level == body.Level && last.From == from) break;
            var next = new HardshipRecord([.. record.Periods, new HardshipPeriod(body.Level!.Value, from, reason, caller.Name, clock.UtcNow)]);
            if (await store.SaveHardshipAsync(id, next, etag, ct) is not null)
            {
                await audit.RecordAsync(caller, "subsidy.hardship", id, $"hardshipLevel: {record.Periods.LastOrDefault()?.Level ?? 0} → {body.Level} from {from} ({reason})", ct);
                break;
            }
            if (attempt > 5) throw new InvalidOperationException("The hardship row kept changing.");
        }
        return await RetireeAsync(id, retirees, store, clock, ct) is { Result: Ok<RetireeSubsidyView> ok } ? ok : TypedResults.NotFound();
    }

    private static int Year(HttpRequest request, OfficeClock clock, FieldErrors errors)
    {
        var text = request.Query["year"].FirstOrDefault();
        if (text is null) return clock.Today.Year;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100) return y;
        errors.Add("year", "A year from 2000 to 2100.");
        return 0;
    }

    private static (int Year, int Month) Month(HttpRequest request, OfficeClock clock, FieldErrors errors)
    {
        var text = request.Query["month"].FirstOrDefault();
        if (text is null) return (clock.Today.Year, clock.Today.Month);
        if (ParseMonth(text) is { Year: >= 2000 and <= 2100 } d) return (d.Year, d.Month);
        errors.Add("month", "A month as yyyy-MM.");
        return (0, 0);
    }

    private static DateOnly? ParseMonth(string text) =>
        MonthPattern().IsMatch(text) && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex MonthPattern();
}
