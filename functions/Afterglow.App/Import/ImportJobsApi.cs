using Afterglow.App.Auth;
using Afterglow.App.Hosting;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Import;

/// <summary>
/// An import job seen from the dashboard (staff only, like the import): its progress; a poll that lends its time to
/// the job (POST .../run, so the bar moves without waiting for the timer); the rows that failed as a file to fix
/// and import again — the file's own header and rows, with an error column in the office's language.
/// </summary>
public static class ImportJobsApi
{
    public static void MapImportJobs(this RouteGroupBuilder retirees)
    {
        retirees.MapGet("/import/jobs/{id}", GetAsync).RequireAuthorization(Policies.Staff);
        retirees.MapPost("/import/jobs/{id}/run", RunAsync).RequireAuthorization(Policies.Staff);
        retirees.MapGet("/import/jobs/{id}/failed", FailedAsync).RequireAuthorization(Policies.Staff);
    }

    private static async Task<Results<Ok<ImportReport>, NotFound>> GetAsync(string id, ImportJobs jobs, CancellationToken ct) =>
        await jobs.GetAsync(id, ct) is var (job, _) ? TypedResults.Ok(await jobs.ReportAsync(job, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ImportReport>, NotFound>> RunAsync(string id, ImportJobs jobs, ImportOptions settings, CancellationToken ct)
    {
        var job = await jobs.RunAsync(id, int.MaxValue, TimeSpan.FromSeconds(settings.RequestSeconds), ct);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(await jobs.ReportAsync(job, ct));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> FailedAsync(string id, HttpRequest request, ImportJobs jobs, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors, defaultFormat: "xlsx");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await jobs.GetAsync(id, ct) is not var (job, _)) return TypedResults.NotFound();
        var report = await jobs.ReportAsync(job, ct);
        var table = ImportFile.Read(await jobs.FileAsync(id, ct), job.Sheet);
        var (header, rows) = FailedRows(table, report, zh);
        var name = (zh ? "导入失败的行-" : "import-failed-rows-") + Path.GetFileNameWithoutExtension(job.FileName ?? "import");
        return RetireeExport.File(format, header, rows, zh, name);
    }

    /// <summary>The file's header and its failed rows as they were, each with what was wrong, column by column.</summary>
    internal static (List<string> Header, List<IReadOnlyList<string>> Rows) FailedRows(ImportTable table, ImportReport report, bool zh)
    {
        var headerIndex = ImportColumns.FindHeader(table.Rows);
        var header = table.Rows[headerIndex].Cells.ToList();
        var width = Math.Max(header.Count, table.Rows.Skip(headerIndex + 1).Select(r => r.Cells.Length).DefaultIfEmpty(0).Max());
        var headerOf = report.Columns.Where(c => c.Field is not null).GroupBy(c => c.Field!).ToDictionary(g => g.Key, g => g.First().Header);
        var byLine = report.Errors.GroupBy(e => e.Line).ToDictionary(g => g.Key, g => g.ToList());
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in table.Rows.Skip(headerIndex + 1))
        {
            if (!byLine.TryGetValue(row.Line, out var problems)) continue;
            var text = string.Join(zh ? "；" : "; ", problems.Select(p => $"{Column(p.Field, headerOf, zh)}: {ImportMessages.In(p.Message, zh)}"));
            rows.Add([.. row.Cells, .. Enumerable.Repeat("", width - row.Cells.Length), text]);
        }
        return ([.. header, .. Enumerable.Repeat("", width - header.Count), zh ? ImportColumns.ErrorHeaderZh : ImportColumns.ErrorHeaderEn], rows);
    }

    /// <summary>A field named as the file's column (the office's own header), else as the field in the language.</summary>
    private static string Column(string field, IReadOnlyDictionary<string, string> headerOf, bool zh) =>
        headerOf.TryGetValue(field, out var h) ? h
        : field == "row" ? (zh ? "本行" : "row")
        : ImportColumns.Field(field) is { } f ? (zh ? f.Chinese : f.English) : field;
}

/// <summary>The ImportJobs timer: every running import job gets a time slice, so one nobody polls (a closed browser, a crash) still finishes.</summary>
public sealed class ImportJobsTimer(ImportJobs jobs, ImportOptions settings, ILogger<ImportJobsTimer> log) : ITimerJob
{
    public static string FunctionName => "ImportJobs";

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        var running = await jobs.RunningAsync(ct);
        var done = 0;
        foreach (var id in running)
        {
            try { if ((await jobs.RunAsync(id, int.MaxValue, TimeSpan.FromSeconds(settings.TimerSeconds), ct))?.State == ImportJob.Done) done++; }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The job stays on the running list: the next run tries again. One job's trouble must not hold up the rest.
                log.LogError(e, "Import job {Job} failed a step", id);
            }
        }
        return $"{running.Count} import jobs running, {done} finished.";
    }
}
