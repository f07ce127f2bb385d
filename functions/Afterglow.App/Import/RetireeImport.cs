using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Serialization;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Import;

/// <summary>
/// POST /api/retirees/import: a workbook or CSV, checked first (dryRun=true: the columns and their meaning, every
/// bad row by line and field, the duplicates and what will be done with them; nothing written), then imported.
/// Multipart fields: file, sheet, mapping (JSON header → field or "ignore"), duplicates (update|skip|create for all),
/// choices (JSON line → choice). A raw body is read as the file, with sheet and duplicates in the query.
/// </summary>
public static class RetireeImport
{
    public static async Task<Results<Ok<ImportReport>, Accepted<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, RegistryIndex index, PhoneNumberRules phones, OfficeClock clock, ImportClaims claims, ImportJobs jobs, ImportOptions settings,
        HttpContext http, CancellationToken ct, bool dryRun = true)
    {
        var (bytes, fileName, sheet, choices, problems) = await ReadRequestAsync(request, ct);
        if (problems.Any) return TypedResults.ValidationProblem(problems.ToDictionary());

        ImportTable table;
        ImportPlan plan;
        await index.EnsureCurrentAsync(ct);
        try
        {
            table = ImportFile.Read(bytes!, sheet);
            plan = ImportPlan.Make(table, choices, await claims.RememberedAsync(ct), index.All.ToList(), phones, clock.Today);
        }
        catch (ImportRefused refused)
        {
            var extensions = refused.Sheets is { } sheets ? new Dictionary<string, object?> { ["sheets"] = sheets } : null;
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refused.Field] = [refused.Message] },
                title: "The file cannot be imported.", extensions: extensions);
        }
        var report = Report(dryRun, table, plan);
        if (dryRun) return TypedResults.Ok(report);

        if (plan.HeaderProblem)
            return TypedResults.ValidationProblem(plan.Errors.GroupBy(e => $"columns.{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The columns of the file need attention before it can be imported.");
        if (plan.Unmapped.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mapping"] = [$"Map each unknown column to a field or ignore it: {string.Join(", ", plan.Unmapped)}."] },
                title: "Some columns are not mapped yet.", extensions: new Dictionary<string, object?> { ["unmapped"] = plan.Unmapped });
        // One run per file at a time: the same file sent twice at once is written once.
        var key = Convert.ToHexString(SHA256.HashData([.. bytes!, .. Encoding.UTF8.GetBytes("\n" + table.Sheet)]));
        var choiceKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(choices, ProblemExtensions.Json.Info<ImportChoices>()))));
        var jobId = "j" + RetireeStore.NewId()[1..];
        var (outcome, stored, running) = await claims.ClaimAsync(key, choiceKey, jobId, ct);
        if (outcome == ImportClaims.Outcome.Running)
            return TypedResults.Problem(statusCode: 409, title: "This file is being imported right now.", detail: "Wait for that import to finish, then check the registry.",
                extensions: running is null ? null : new Dictionary<string, object?> { ["jobId"] = running });
        if (outcome == ImportClaims.Outcome.Done && stored is not null)
            return TypedResults.Ok(JsonSerializer.Deserialize(stored, ProblemExtensions.Json.Info<ImportReport>())! with { Repeated = true });

        // Planned again now the file is ours: an import that finished meanwhile is in the registry, so its people are duplicates.
        await index.EnsureCurrentAsync(ct);
        plan = ImportPlan.Make(table, choices, await claims.RememberedAsync(ct), index.All.ToList(), phones, clock.Today);
        report = Report(false, table, plan);
        if (plan.Creates.Count + plan.Updates.Count == 0)
        {
            await claims.ReleaseAsync(key, ct);
            return TypedResults.ValidationProblem(plan.Errors.GroupBy(e => $"rows[{e.Line}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "Nothing in the file can be imported.", detail: plan.Skipped > 0 ? $"{plan.Skipped} rows are duplicates set to be skipped." : null);
        }

        // The rows go to a job (ImportJobs): this request writes its first step, the dashboard's polls and the timer the rest.
        var work = new ImportWork(
            plan.Creates.Select(c => new ImportCreate(c.Line, RetireeStore.NewId(), c.Profile)).ToList(),
            plan.Updates.Select(u => new ImportUpdate(u.Line, u.RetireeId, u.Values)).ToList(),
            report with { Fields = [] },
            choices.Mapping.Where(kv => kv.Key.Length <= 100).ToDictionary(kv => ImportColumns.Normalize(kv.Key), kv => kv.Value));
        ImportJob job;
        try { job = await jobs.StartAsync(bytes!, fileName, table.Sheet, work, key, choiceKey, jobId, Caller.From(http.User), ct); }
        catch
        {
            // Nothing was written yet: free the file for another try.
            await claims.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
        job = await jobs.RunAsync(job.Id, maxSteps: 1, TimeSpan.FromSeconds(settings.RequestSeconds), ct) ?? job;
        var progress = await jobs.ReportAsync(job, ct);
        return job.State == ImportJob.Done ? TypedResults.Ok(progress) : TypedResults.Accepted($"/api/retirees/import/jobs/{job.Id}", progress);
    }

    private static ImportReport Report(bool dryRun, ImportTable table, ImportPlan plan) =>
        new(dryRun, plan.Rows, plan.Creates.Count + plan.Updates.Count, 0, plan.Errors)
        {
            ReadAs = table.ReadAs, Sheets = table.Sheets, Sheet = table.Sheet, HeaderLine = plan.HeaderLine, Columns = plan.Columns,
            HiddenRows = table.HiddenRows, EmptyRows = table.EmptyRows, Duplicates = plan.Duplicates, Skipped = plan.Skipped,
            Fields = [.. ImportColumns.Fields.Select(f => new ImportFieldDto(f.Name, f.Chinese, f.English)), new(ImportColumns.Id, "系统编号", "id")],
        };

    /// <summary>The row's columns onto the full stored profile (others kept), checked, written if nobody changed it meanwhile.</summary>
    internal static async Task<(string Field, string Message)?> UpdateAsync(RetireeStore store, string id, Dictionary<string, string> values,
        PhoneNumberRules phones, DateOnly today, Caller caller, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.GetAsync(id, ct) is not { } found) return ("id", "The retiree was removed during the import.");
            var rowErrors = new FieldErrors();
            var (clean, validation) = RetireeValidation.Validate(ImportValues.Apply(found.Retiree.Profile, values, phones, rowErrors), phones, today);
            var problems = rowErrors.All.Concat(validation.All).ToList();
            if (problems.Count > 0) return problems[0];
            var result = await store.ReplaceAsync(id, clean, found.ETag, caller, "retiree.import.update", ct);
            if (result.Outcome == WriteOutcome.Ok) return null;
            if (result.Outcome == WriteOutcome.DuplicateIdNumber) return ("idNumber", "Another retiree has this ID number.");
            if (result.Outcome == WriteOutcome.NotFound) return ("id", "The retiree was removed during the import.");
        }
        return ("id", "The record kept changing during the import; not updated.");
    }

    private static async Task<(byte[]? Bytes, string? FileName, string? Sheet, ImportChoices Choices, FieldErrors Errors)> ReadRequestAsync(HttpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        byte[]? bytes = null;
        string? fileName = null;
        string? sheet = request.Query["sheet"], forAll = request.Query["duplicates"], mappingJson = null, choicesJson = null;
        if (request.HasFormContentType)
        {
            var form = await Forms.ReadAsync(request, ct);
            if (form.Files.GetFile("file") is { } file)
            {
                fileName = Path.GetFileName(file.FileName);
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                bytes = buffer.ToArray();
            }
            sheet = form["sheet"].FirstOrDefault() ?? sheet;
            forAll = form["duplicates"].FirstOrDefault() ?? forAll;
            mappingJson = form["mapping"].FirstOrDefault();
            choicesJson = form["choices"].FirstOrDefault();
            if (bytes is null) errors.Add("file", "Attach the file (.xlsx or .csv) as 'file'.");
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        var mapping = Json<Dictionary<string, string>>(mappingJson, "mapping", errors) ?? [];
        foreach (var (header, field) in mapping)
            if (field != ImportColumns.Ignore && field != ImportColumns.Id && ImportColumns.Field(field) is null)
                errors.Add($"mapping.{header}", $"'{field}' is not a field; map the column to one of: {string.Join(", ", ImportColumns.Fields.Select(f => f.Name))}, or ignore it.");
        var perLine = new Dictionary<int, string>();
        foreach (var (line, choice) in Json<Dictionary<string, string>>(choicesJson, "choices", errors) ?? [])
            if (!int.TryParse(line, out var n) || !DuplicateChoice.All.Contains(choice)) errors.Add($"choices.{line}", "Each choice is a line number and one of update, skip, create.");
            else perLine[n] = choice;
        if (forAll is not null && !DuplicateChoice.All.Contains(forAll)) errors.Add("duplicates", "Choose update, skip or create for the duplicates.");
        return (bytes, fileName, sheet, new ImportChoices(mapping, forAll, perLine), errors);
    }

    private static T? Json<T>(string? text, string field, FieldErrors errors) where T : class
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonSerializer.Deserialize(text, AppJson.Plain<T>()); }
        catch (JsonException) { errors.Add(field, $"'{field}' must be a JSON object."); return null; }
    }
}
