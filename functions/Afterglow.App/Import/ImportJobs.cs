using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Serialization;
using Afterglow.App.Storage;
using Afterglow.Domain.Phones;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Afterglow.App.Import;

/// <summary>
/// An import as a job, the pattern of the mass check-in: the request stores the file and the planned rows (blobs
/// in "imports/{job}/"), the job row and a "running" index row, writes the first step itself and answers; the
/// dashboard's polls and the ImportJobs timer write the rest, step by step, each within its time budget. A step is
/// up to <see cref="ImportOptions.StepChunks"/> chunks of 100; the job row moves past it only after it is written,
/// and writing it again finds the same ids (chosen at planning) already there, so a crash repeats work, never people.
/// A runner takes a lease on the job row (ETag), so the timer and a poll never write the same step at once.
/// </summary>
public sealed class ImportJobs(StorageAccount storage, RetireeStore store, CarePlanner planner, PhoneNumberRules phones, OfficeClock clock,
    AuditLog audit, ImportClaims claims, ImportOptions settings, ILogger<ImportJobs> log)
{
    private const string JobPartition = "job";
    private const string RunningPartition = "jobrun";
    private const int ChunkSize = 100;

    // The planned rows of the jobs this process is working on: read from the blob once, not at every step.
    private readonly ConcurrentDictionary<string, ImportWork> _work = new();

    public static bool IsId(string id) => id.Length is > 1 and <= 40 && id[0] == 'j' && id.All(char.IsAsciiLetterOrDigit);

    public async Task<ImportJob> StartAsync(byte[] file, string? fileName, string? sheet, ImportWork work, string claimKey, string choiceKey, string id, Caller caller, CancellationToken ct)
    {
        var createChunks = (work.Creates.Count + ChunkSize - 1) / ChunkSize;
        var job = new ImportJob
        {
            Id = id, CreatedAt = clock.UtcNow, CreatedBy = caller.Email, CreatedByRole = caller.Role, FileName = fileName, Sheet = sheet,
            ClaimKey = claimKey, ChoiceKey = choiceKey, Total = work.Creates.Count + work.Updates.Count,
            CreateChunks = createChunks, Chunks = createChunks + (work.Updates.Count + ChunkSize - 1) / ChunkSize,
            FailedRows = work.Report.Errors.Select(e => e.Line).Distinct().Count(),
        };
        // The blobs first, then the job, then the index row that makes the timer run it: a crash leaves no job without its rows.
        var container = await storage.ContainerAsync(StorageNames.ImportsContainer, ct);
        await container.GetBlobClient($"{id}/file").UploadAsync(new BinaryData(file), overwrite: true, ct);
        await container.GetBlobClient($"{id}/work.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(work, ProblemExtensions.Json.Info<ImportWork>())), overwrite: true, ct);
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        await table.AddEntityAsync(Rows.Write(JobPartition, id, job), ct);
        await table.UpsertEntityAsync(new TableEntity(RunningPartition, id), TableUpdateMode.Replace, ct);
        _work[id] = work;
        return job;
    }

    public async Task<(ImportJob Job, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsId(id) ? await Rows.GetAsync<ImportJob>(await storage.TableAsync(StorageNames.Imports, ct), JobPartition, id, ct) : null;

    /// <summary>The jobs still running (the timer's work list).</summary>
    public async Task<IReadOnlyList<string>> RunningAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        var ids = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == RunningPartition, select: ["RowKey"], cancellationToken: ct)) ids.Add(e.RowKey);
        return ids;
    }

    /// <summary>Writes steps of the job until it is done, <paramref name="maxSteps"/> were written or the budget is spent; the job as it then stands.</summary>
    public async Task<ImportJob?> RunAsync(string id, int maxSteps, TimeSpan budget, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        if (await GetAsync(id, ct) is not var (job, etag)) return null;
        if (job.State == ImportJob.Done) { await FinishAsync(job, etag, ct); return job; }
        if (job.LeaseUntil > clock.UtcNow) return job;
        try { etag = (await table.UpdateEntityAsync(Rows.Write(JobPartition, id, job = job with { LeaseUntil = clock.UtcNow + budget + TimeSpan.FromSeconds(30) }), etag, TableUpdateMode.Replace, ct)).Headers.ETag!.Value; }
        catch (RequestFailedException e) when (e.Status == 412) { return job; }

        var work = await WorkAsync(id, ct);
        var caller = new Caller(job.CreatedBy, job.CreatedByRole, null);
        for (var steps = 0; job.NextChunk < job.Chunks && steps < maxSteps && (steps == 0 || watch.Elapsed < budget); steps++)
        {
            var end = Math.Min(job.NextChunk + settings.StepChunks, job.Chunks);
            var (imported, updated, errors) = await WriteStepAsync(work, job, job.NextChunk, end, caller, ct);
            if (errors.Count > 0)
                await (await storage.ContainerAsync(StorageNames.ImportsContainer, ct)).GetBlobClient($"{id}/errors/c{job.NextChunk:D5}.json")
                    .UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(errors, ProblemExtensions.Json.Info<List<ImportError>>())), overwrite: true, ct);
            var next = job with
            {
                NextChunk = end, Imported = job.Imported + imported, Updated = job.Updated + updated,
                FailedRows = job.FailedRows + errors.Select(e => e.Line).Distinct().Count(),
            };
            try { etag = (await table.UpdateEntityAsync(Rows.Write(JobPartition, id, next), etag, TableUpdateMode.Replace, ct)).Headers.ETag!.Value; }
            catch (RequestFailedException e) when (e.Status == 412) { return job; } // our lease ran out and another runner took over
            job = next;
        }
        if (job.NextChunk >= job.Chunks)
        {
            job = job with { State = ImportJob.Done, DoneAt = clock.UtcNow, LeaseUntil = null };
            await FinishAsync(job, etag, ct);
        }
        else
        {
            job = job with { LeaseUntil = null };
            try { await table.UpdateEntityAsync(Rows.Write(JobPartition, id, job), etag, TableUpdateMode.Replace, ct); }
            catch (RequestFailedException e) when (e.Status == 412) { }
        }
        return job;
    }

    /// <summary>Chunks [from, to): their creates in one parallel write, their updates row by row; the errors by line.</summary>
    private async Task<(int Imported, int Updated, List<ImportError> Errors)> WriteStepAsync(ImportWork work, ImportJob job, int from, int to, Caller caller, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var creates = work.Creates.Skip(from * ChunkSize).Take(Math.Max(0, Math.Min(to, job.CreateChunks) - from) * ChunkSize).ToList();
        var imported = 0;
        if (creates.Count > 0)
        {
            var (written, failed) = await store.CreateManyAsync(creates.Select(c => (c.Id, c.Profile)).ToList(), caller, ct, planner.PlanNewAsync);
            imported = written;
            var failedSet = failed.ToHashSet(ReferenceEqualityComparer.Instance);
            errors.AddRange(creates.Where(c => failedSet.Contains(c.Profile)).Select(c => new ImportError(c.Line, "idNumber", "Registered by someone else during the import; not written.")));
        }
        var firstUpdate = Math.Max(from, job.CreateChunks) - job.CreateChunks;
        var updates = work.Updates.Skip(firstUpdate * ChunkSize).Take(Math.Max(0, to - Math.Max(from, job.CreateChunks)) * ChunkSize).ToList();
        var updated = 0;
        await Parallel.ForEachAsync(updates, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (u, token) =>
        {
            if (await RetireeImport.UpdateAsync(store, u.RetireeId, u.Values, phones, clock.Today, caller, token) is { } error)
                lock (errors) errors.Add(new ImportError(u.Line, error.Field, error.Message));
            else Interlocked.Increment(ref updated);
        });
        return (imported, updated, errors);
    }

    /// <summary>The job's report: the plan's and the writes' errors, the counts; while running, how far it got.</summary>
    public async Task<ImportReport> ReportAsync(ImportJob job, CancellationToken ct)
    {
        var work = await WorkAsync(job.Id, ct);
        var errors = work.Report.Errors.Concat(await WriteErrorsAsync(job.Id, ct)).OrderBy(e => e.Line).ThenBy(e => e.Field, StringComparer.Ordinal).ToList();
        var processed = job.NextChunk <= job.CreateChunks ? Math.Min(work.Creates.Count, job.NextChunk * ChunkSize)
            : work.Creates.Count + Math.Min(work.Updates.Count, (job.NextChunk - job.CreateChunks) * ChunkSize);
        return work.Report with
        {
            DryRun = false, Imported = job.Imported, Updated = job.Updated, Errors = errors,
            JobId = job.Id, State = job.State, Processed = job.State == ImportJob.Done ? job.Total : processed, Total = job.Total,
        };
    }

    /// <summary>The original file, for the failed-rows download.</summary>
    public async Task<byte[]> FileAsync(string id, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.ImportsContainer, ct);
        return (await container.GetBlobClient($"{id}/file").DownloadContentAsync(ct)).Value.Content.ToArray();
    }

    /// <summary>The rows a step could not write, one blob per step (named by its first chunk, so a repeated step replaces its own).</summary>
    private async Task<List<ImportError>> WriteErrorsAsync(string id, CancellationToken ct)
    {
        var container = await storage.ContainerAsync(StorageNames.ImportsContainer, ct);
        var errors = new List<ImportError>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{id}/errors/", ct))
            errors.AddRange((await container.GetBlobClient(blob.Name).DownloadContentAsync(ct)).Value.Content.ToObjectFromJson(ProblemExtensions.Json.Info<List<ImportError>>())!);
        return errors;
    }

    private async Task<ImportWork> WorkAsync(string id, CancellationToken ct)
    {
        if (_work.TryGetValue(id, out var cached)) return cached;
        var container = await storage.ContainerAsync(StorageNames.ImportsContainer, ct);
        var content = (await container.GetBlobClient($"{id}/work.json").DownloadContentAsync(ct)).Value.Content;
        return _work[id] = content.ToObjectFromJson(ProblemExtensions.Json.Info<ImportWork>())!;
    }

    /// <summary>The end, idempotent: the mapping remembered, the trail, the claim's report for a repeat, the job marked done, off the running list.</summary>
    private async Task FinishAsync(ImportJob job, ETag etag, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        if (!await RowExistsAsync(table, RunningPartition, job.Id, ct)) return;
        var work = await WorkAsync(job.Id, ct);
        var report = await ReportAsync(job, ct);
        await claims.RememberAsync(work.Remember, ct);
        await audit.RecordAsync(new Caller(job.CreatedBy, job.CreatedByRole, null), "retiree.importFile", null,
            $"Imported {job.Imported} new and updated {job.Updated} of {report.Rows} rows ({report.ReadAs}, job {job.Id})", ct);
        var json = JsonSerializer.Serialize(report, ProblemExtensions.Json.Info<ImportReport>());
        var summary = JsonSerializer.Serialize(report with { Errors = report.Errors.Take(50).ToList(), Columns = [], Duplicates = [], Fields = [] }, ProblemExtensions.Json.Info<ImportReport>());
        await claims.CompleteAsync(job.ClaimKey, job.ChoiceKey, json, summary, ct);
        try { await table.UpdateEntityAsync(Rows.Write(JobPartition, job.Id, job), etag, TableUpdateMode.Replace, ct); }
        catch (RequestFailedException e) when (e.Status == 412) { }
        await Rows.DeleteIfExistsAsync(table, RunningPartition, job.Id, ct);
        _work.TryRemove(job.Id, out _);
        log.LogInformation("Import job {Job} done: {Imported} new, {Updated} updated of {Total}", job.Id, job.Imported, job.Updated, job.Total);
    }

    private static async Task<bool> RowExistsAsync(TableClient table, string pk, string rk, CancellationToken ct) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, select: ["RowKey"], cancellationToken: ct)).HasValue;
}
