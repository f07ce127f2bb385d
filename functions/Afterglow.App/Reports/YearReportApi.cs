using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Reports;

/// <summary>The yearly report upward: staff read it for a chosen year and export it (csv or xlsx, zh-CN or en; audited).</summary>
public static class YearReportApi
{
    public static void MapYearReport(this RouteGroupBuilder reports)
    {
        reports.MapGet("/year", GetAsync);
        reports.MapGet("/year/export", ExportAsync);
    }

    private static async Task<Results<Ok<YearReportDto>, ValidationProblem>> GetAsync(HttpRequest request, YearReport report, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var year = Year(request, clock, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await report.BuildAsync(year, clock.Today, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, YearReport report, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var year = Year(request, clock, errors);
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors, defaultFormat: "xlsx");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (header, rows) = YearReport.File(await report.BuildAsync(year, clock.Today, ct), zh);
        await audit.RecordAsync(Caller.From(http.User), "report.export", null, $"Exported the yearly report of {year}", ct);
        return RetireeExport.File(format, header, rows, zh, zh ? $"年度工作统计-{year}" : $"yearly-report-{year}", sheet: zh ? "年度统计" : "Yearly report");
    }

    /// <summary>?year= (default this year), from 2000 to this year: a report of a year not begun has nothing to say.</summary>
    private static int Year(HttpRequest request, OfficeClock clock, FieldErrors errors)
    {
        var text = request.Query["year"].FirstOrDefault();
        var thisYear = clock.Today.Year;
        if (text is null) return thisYear;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && y >= 2000 && y <= thisYear) return y;
        errors.Add("year", $"A year from 2000 to {thisYear}.");
        return thisYear;
    }
}
