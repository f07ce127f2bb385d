using System.Text;
using Afterglow.App.Office;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Import;

/// <summary>
/// One claim row per file (a hash of its bytes and the sheet): a second import of the same file while the first
/// runs is refused; one after it finished with the same choices gets the first one's report back instead of
/// writing again (different choices run, against a registry that now holds the first import). A claim left
/// running is left alone while its job exists (the job resumes after a crash and completes the claim); one whose
/// request died before its job was stored is taken over after a while. Every take-over is ETag-guarded, so only one wins.
/// Column mappings the office chose are remembered in the same table, one row per header.
/// </summary>
public sealed class ImportClaims(StorageAccount storage, OfficeClock clock)
{
    private const string ClaimPartition = "claim";
    private const string MappingPartition = "mapping";
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(15);

    public enum Outcome { Claimed, Running, Done }

    /// <summary>Claims the file for the job <paramref name="jobId"/>; Running names the job already writing it.</summary>
    public async Task<(Outcome Outcome, string? Report, string? JobId)> ClaimAsync(string key, string choices, string jobId, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        var row = new TableEntity(ClaimPartition, key) { ["State"] = "running", ["StartedAt"] = clock.UtcNow, ["Choices"] = choices, ["JobId"] = jobId };
        try
        {
            await table.AddEntityAsync(row, ct);
            return (Outcome.Claimed, null, jobId);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(ClaimPartition, key, cancellationToken: ct)).Value;
            var done = existing.GetString("State") == "done";
            var running = existing.GetString("JobId");
            if (done && existing.GetString("Choices") == choices) return (Outcome.Done, existing.GetString("Report"), running);
            if (!done && running is not null && (await table.GetEntityIfExistsAsync<TableEntity>("job", running, select: ["RowKey"], cancellationToken: ct)).HasValue)
                return (Outcome.Running, null, running);
            if (!done && existing.GetDateTimeOffset("StartedAt") is { } started && clock.UtcNow - started < Abandoned) return (Outcome.Running, null, running);
            try
            {
                await table.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, ct);
                return (Outcome.Claimed, null, jobId);
            }
            catch (RequestFailedException r) when (r.Status == 412) { return (Outcome.Running, null, null); }
        }
    }

    /// <summary>Marks the claim done with the report a repeat gets (trimmed to fit a table property); only the job holding it calls this.</summary>
    public async Task CompleteAsync(string key, string choices, string report, string summary, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        var stored = report.Length <= 30_000 ? report : summary;
        var row = new TableEntity(ClaimPartition, key) { ["State"] = "done", ["Report"] = stored, ["DoneAt"] = clock.UtcNow, ["Choices"] = choices };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    /// <summary>Lets the same request be tried again after it failed part-way (the duplicate checks stop a second copy).</summary>
    public async Task ReleaseAsync(string key, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        await table.DeleteEntityAsync(ClaimPartition, key, ETag.All, ct);
    }

    /// <summary>Headers the office mapped before (normalised header → field or "ignore").</summary>
    public async Task<Dictionary<string, string>> RememberedAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == MappingPartition, cancellationToken: ct))
            if (e.GetString("Header") is { } h && e.GetString("Field") is { } f) map[h] = f;
        return map;
    }

    public async Task RememberAsync(IReadOnlyDictionary<string, string> mapping, CancellationToken ct)
    {
        if (mapping.Count == 0) return;
        var table = await storage.TableAsync(StorageNames.Imports, ct);
        foreach (var chunk in mapping.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(kv => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(MappingPartition, Convert.ToHexString(Encoding.UTF8.GetBytes(kv.Key))) { ["Header"] = kv.Key, ["Field"] = kv.Value })), ct);
    }
}
