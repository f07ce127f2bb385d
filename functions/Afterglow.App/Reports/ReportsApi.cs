using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Reports;

/// <summary>One count: a kind's items in one state over a day ("2026-12-03") or a month ("2026-12"), and their amount.</summary>
public sealed record CountDto(string Period, string Kind, string State, long Items, long Amount);

/// <summary>The counts of a period, per day and per office month (a month cut by the period counts only its days inside).</summary>
public sealed record ReportDto(DateOnly From, DateOnly To, IReadOnlyList<CountDto> Days, IReadOnlyList<CountDto> Months);

/// <summary>The Reports page's numbers, from the aggregates written as the work happened (ReportCounts): staff only.</summary>
public static class ReportsApi
{
    public const int MaxDays = 366;

    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/reports").RequireAuthorization(Policies.Staff);
        group.MapGet("", GetAsync);
        // The yearly report upward (issue 17): head counts and the year's work, exportable.
        group.MapYearReport();
        return group;
    }

    /// <summary>
    /// From <paramref name="from"/> to <paramref name="to"/> (office days, inclusive); by default the 90 days up to today.
    /// <paramref name="kind"/>: one kind's counts alone (the year's deaths: a few rows, not the year's every count by day).
    /// </summary>
    private static async Task<Results<Ok<ReportDto>, ValidationProblem>> GetAsync(ReportCounts counts, OfficeClock clock, CancellationToken ct,
        string? from = null, string? to = null, string? kind = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not null && !ReportKinds.All.Contains(kind, StringComparer.Ordinal)) errors["kind"] = ["One of: " + string.Join(", ", ReportKinds.All) + "."];
        var last = Parse(to, "to", clock.Today, errors);
        var first = Parse(from, "from", last.AddDays(-89), errors);
        if (errors.Count == 0 && first > last) errors["from"] = ["On or before 'to'."];
        else if (errors.Count == 0 && last.DayNumber - first.DayNumber + 1 > MaxDays) errors["from"] = [$"At most {MaxDays} days before 'to'."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (all, _) = await counts.ReadAsync(first, last, ct);
        var days = kind is null ? all : all.Where(d => d.Kind == kind).ToList();
        var months = days.GroupBy(d => (Month: ReportCounts.MonthPartition(d.Day), d.Kind, d.State))
            .Select(g => new CountDto(g.Key.Month, g.Key.Kind, g.Key.State, g.Sum(d => d.Items), g.Sum(d => d.Amount))).ToList();
        return TypedResults.Ok(new ReportDto(first, last,
            days.Select(d => new CountDto(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Kind, d.State, d.Items, d.Amount)).ToList(), months));
    }

    private static DateOnly Parse(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null) return fallback;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = ["A date as yyyy-MM-dd."];
        return fallback;
    }
}
