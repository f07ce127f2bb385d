using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Serialization;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Afterglow.App.Backups;

/// <summary>What one backup holds, written last: a backup without its manifest is incomplete and never restored.</summary>
public sealed record BackupManifest(string Name, DateTimeOffset TakenAt, IReadOnlyDictionary<string, int> Tables, int Attachments);

/// <summary>What a restore did.</summary>
public sealed record RestoreReport(string Name, int Tables, int Rows, int AttachmentsMissing, TimeSpan Took);

/// <summary>
/// A backup is a folder in the backups container: tables/{Table}.jsonl (one typed entity a line), attachments.jsonl
/// (the attachment index: name, size, MD5, last change — the files themselves stay in their versioned container),
/// and manifest.json. The container keeps every version unchangeable for the retention period (infra/bicep).
/// </summary>
public sealed class BackupArchive(StorageAccount storage, TimeProvider time)
{
    public const string Container = "backups";
    private const string ManifestFile = "manifest.json";
    private static readonly string[] HostTablePrefixes = ["AzureFunctions", "AzureWebJobs"];

    /// <summary>Tests share one Azurite: each app's tables carry its prefix, which a backup leaves out.</summary>
    private string Prefix => storage.Prefix;

    private Task<BlobContainerClient> BackupsAsync(CancellationToken ct) => storage.ContainerAsync(Container, ct);

    /// <summary>Every table of the app, and the attachment index, into backups/{name}/.</summary>
    public async Task<BackupManifest> ExportAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Blobs here are immutable: two runs in the same second (a retried timer) each get a folder of their own.
        var name = now.ToString("yyyy-MM-dd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..3]);
        var backups = await BackupsAsync(ct);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in await AppTablesAsync(ct))
        {
            var client = storage.TableService.GetTableClient(Prefix + table);
            var rows = 0;
            var text = new StringBuilder();
            await foreach (var entity in client.QueryAsync<TableEntity>(cancellationToken: ct))
            {
                text.Append(EntityJson.Write(entity).ToJsonString()).Append('\n');
                rows++;
            }
            await backups.GetBlobClient($"{name}/tables/{table}.jsonl").UploadAsync(BinaryData.FromString(text.ToString()), overwrite: false, ct);
            counts[table] = rows;
        }
        var index = new StringBuilder();
        var attachments = 0;
        var files = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        await foreach (var blob in files.GetBlobsAsync(cancellationToken: ct))
        {
            index.Append(new JsonObject
            {
                ["name"] = blob.Name, ["size"] = blob.Properties.ContentLength,
                ["md5"] = blob.Properties.ContentHash is { } h ? Convert.ToBase64String(h) : null,
                ["contentType"] = blob.Properties.ContentType, ["lastModified"] = blob.Properties.LastModified,
            }.ToJsonString()).Append('\n');
            attachments++;
        }
        await backups.GetBlobClient($"{name}/attachments.jsonl").UploadAsync(BinaryData.FromString(index.ToString()), overwrite: false, ct);
        var manifest = new BackupManifest(name, now, counts, attachments);
        await backups.GetBlobClient($"{name}/{ManifestFile}").UploadAsync(BinaryData.FromObjectAsJson(manifest, AppJson.Plain<BackupManifest>()), overwrite: false, ct);
        return manifest;
    }

    /// <summary>The complete backups, newest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var blob in (await BackupsAsync(ct)).GetBlobsAsync(cancellationToken: ct))
            if (blob.Name.EndsWith("/" + ManifestFile, StringComparison.Ordinal)) names.Add(blob.Name[..blob.Name.IndexOf('/', StringComparison.Ordinal)]);
        return names.OrderDescending(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Every row of a complete backup back into its table (created if missing), insert-or-replace in batches of one
    /// partition, so a restore run twice gives the same result. Rows the backup does not hold are left alone: restore
    /// into a fresh deployment for an exact copy. Attachments the index names but the container lacks are counted.
    /// </summary>
    public async Task<RestoreReport> RestoreAsync(string name, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var backups = await BackupsAsync(ct);
        BackupManifest manifest;
        try { manifest = (await backups.GetBlobClient($"{name}/{ManifestFile}").DownloadContentAsync(ct)).Value.Content.ToObjectFromJson(AppJson.Plain<BackupManifest>())!; }
        catch (RequestFailedException e) when (e.Status == 404) { throw new InvalidOperationException($"No complete backup named {name} (no {ManifestFile})."); }
        var rows = 0;
        foreach (var (table, expected) in manifest.Tables)
        {
            await StorageAccount.CreateTableAsync(storage.TableService, Prefix + table, ct);
            var client = storage.TableService.GetTableClient(Prefix + table);
            var content = (await backups.GetBlobClient($"{name}/tables/{table}.jsonl").DownloadContentAsync(ct)).Value.Content.ToString();
            var entities = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => EntityJson.Read(JsonNode.Parse(l)!)).ToList();
            if (entities.Count != expected) throw new InvalidOperationException($"{table}: the backup holds {entities.Count} rows, its manifest says {expected}.");
            foreach (var partition in entities.GroupBy(e => e.PartitionKey))
                foreach (var chunk in partition.Chunk(100))
                    await client.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
            rows += entities.Count;
        }
        var missing = 0;
        var files = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        var index = (await backups.GetBlobClient($"{name}/attachments.jsonl").DownloadContentAsync(ct)).Value.Content.ToString();
        foreach (var line in index.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (!(await files.GetBlobClient(JsonNode.Parse(line)!["name"]!.GetValue<string>()).ExistsAsync(ct)).Value) missing++;
        return new RestoreReport(name, manifest.Tables.Count, rows, missing, time.GetElapsedTime(started));
    }

    /// <summary>The app's tables (without the test prefix), leaving out the Functions host's own.</summary>
    private async Task<List<string>> AppTablesAsync(CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var t in storage.TableService.QueryAsync(cancellationToken: ct))
            if (t.Name.StartsWith(Prefix, StringComparison.Ordinal) && !HostTablePrefixes.Any(p => t.Name.StartsWith(p, StringComparison.Ordinal)))
                names.Add(t.Name[Prefix.Length..]);
        return names.Order(StringComparer.Ordinal).ToList();
    }
}
