using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Afterglow.App.Storage;

/// <summary>
/// The app's tables and blob containers. A connection string locally (Azurite), service URIs with a managed
/// identity in Azure. Tables and containers are created on first use, once per process (again after a failure).
/// </summary>
public sealed class StorageAccount
{
    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tableClients = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new();

    /// <summary>In front of every table and container name (a backup leaves it out).</summary>
    public string Prefix => _prefix;

    /// <summary>A queue's name under the prefix (lower-cased, as queue names must be): tests each get their own queues.</summary>
    public string QueueName(string name) => _prefix.ToLowerInvariant() + name;

    public StorageAccount(IConfiguration config) : this(StorageOptions.Read(config)) { }

    /// <param name="faults">A policy on every call; the crash-injection tests kill the "process" at a chosen call.</param>
    // Every row read is built with Activator.CreateInstance<TableEntity>(): without this, Native AOT trims the
    // constructor and every read fails at run time. Only the constructor: with its properties kept, the SDK's type binder
    // sees them and needs generic code Native AOT did not generate (ADR 0018).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public StorageAccount(StorageOptions options, HttpPipelinePolicy? faults = null)
    {
        _prefix = options.Prefix;
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (var client in new ClientOptions[] { tableOptions, blobOptions })
        {
            client.Retry.MaxRetries = options.MaxRetries;
            client.Retry.Delay = options.RetryDelay;
            if (faults is not null) client.AddPolicy(faults, HttpPipelinePosition.PerCall);
        }
        if (options.ConnectionString is { } connection)
        {
            _tables = new TableServiceClient(connection, tableOptions);
            _blobs = new BlobServiceClient(connection, blobOptions);
            return;
        }
        var credential = Credential(options.Credential, options.ClientId);
        _tables = new TableServiceClient(new Uri(options.TableServiceUri!), credential, tableOptions);
        _blobs = new BlobServiceClient(new Uri(options.BlobServiceUri!), credential, blobOptions);
    }

    /// <summary>Settings are named with __ in the environment and : in IConfiguration.</summary>
    public static string Key(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    public static TokenCredential Credential(string? kind, string? clientId) =>
        string.Equals(kind, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

    public TableServiceClient TableService => _tables;
    public BlobServiceClient BlobService => _blobs;

    public Task<TableClient> TableAsync(string name, CancellationToken ct = default) =>
        OnceAsync(_tableClients, name, async n =>
        {
            await CreateTableAsync(_tables, _prefix + n, CancellationToken.None);
            return _tables.GetTableClient(_prefix + n);
        }, ct);

    /// <summary>
    /// Creates a table unless it exists. Not the SDK's CreateIfNotExists: both of its forms serialize their request by
    /// reflection, which the Native AOT binary (and every build, JsonSerializerIsReflectionEnabledByDefault) refuses
    /// (ADR 0018). CreateTable writes its request with generated code; 409 means the table is already there.
    /// </summary>
    public static async Task CreateTableAsync(TableServiceClient service, string table, CancellationToken ct)
    {
        try { await service.CreateTableAsync(table, ct); }
        catch (RequestFailedException e) when (e.Status == 409) { }
    }

    public Task<BlobContainerClient> ContainerAsync(string name, CancellationToken ct = default) =>
        OnceAsync(_containers, name, async n =>
        {
            var client = _blobs.GetBlobContainerClient((_prefix + n).ToLowerInvariant());
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return client;
        }, ct);

    /// <summary>
    /// Creates a table or container once per process. A creation that failed (storage down at first use) is
    /// forgotten, so the next use tries again instead of failing until the process restarts.
    /// </summary>
    private static async Task<T> OnceAsync<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<string, Task<T>> create, CancellationToken ct)
    {
        var once = cache.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        try { return await once.Value.WaitAsync(ct); }
        catch when (once.Value.IsFaulted || once.Value.IsCanceled)
        {
            // Only this failed attempt goes: a newer one another caller started meanwhile stays.
            cache.TryRemove(KeyValuePair.Create(name, once));
            throw;
        }
    }
}

/// <summary>Names of the tables and containers; one list so the Bicep and the code agree.</summary>
public static class StorageNames
{
    public const string Retirees = "Retirees";
    public const string RetireeKeys = "RetireeKeys";
    public const string RegistryChanges = "RegistryChanges";
    public const string Accounts = "Accounts";
    public const string People = "People";
    public const string Areas = "Areas";
    public const string Audit = "Audit";
    public const string Jobs = "Jobs";
    public const string CarePlans = "CarePlans";
    public const string CheckIns = "CheckIns";
    public const string Incidents = "Incidents";
    public const string Roster = "Roster";
    public const string Outbox = "Outbox";
    public const string Inbox = "Inbox";
    public const string Templates = "Templates";
    public const string Segments = "Segments";
    public const string Broadcasts = "Broadcasts";
    public const string Visits = "Visits";
    /// <summary>Events: a partition per event (the event and its list), and keyed indexes by year, code and retiree.</summary>
    public const string Events = "Events";
    /// <summary>Bereavements (丧事): one case per deceased retiree with its checklist and timeline, and an index of open cases.</summary>
    public const string Bereavements = "Bereavements";
    /// <summary>Import claims (one per file content, so a file imported twice at once is written once) and remembered column mappings.</summary>
    public const string Imports = "Imports";
    /// <summary>The reports' per-day counters and the markers that make counting idempotent (Reports/ReportCounts).</summary>
    public const string ReportCounts = "ReportCounts";
    /// <summary>Subsidy rules (one row) and each retiree's hardship levels over time.</summary>
    public const string Subsidies = "Subsidies";
    /// <summary>Groups (党支部, 老年大学 classes, 兴趣小组): a partition per group with its members and meetings, and indexes of all groups and each retiree's.</summary>
    public const string Groups = "Groups";
    /// <summary>Visit plans (走访计划): who visits whom how often; their tasks are worked out from the visit log.</summary>
    public const string VisitPlans = "VisitPlans";
    /// <summary>The annual memo (工作备忘录): one row per year with its dates.</summary>
    public const string Memos = "Memos";
    /// <summary>Pension certification (养老金资格认证): campaigns, a partition per campaign with a row per retiree, and each retiree's campaigns.</summary>
    public const string Certification = "Certification";
    /// <summary>Settings an admin changes in the dashboard (the office's name, time zone and quiet hours), over the app settings.</summary>
    public const string Settings = "Settings";

    public const string AttachmentsContainer = "attachments";
    public const string DataProtectionContainer = "dataprotection";
    /// <summary>Import jobs: the uploaded file, the planned rows, the rows a step could not write (imports/{job}/...).</summary>
    public const string ImportsContainer = "imports";
}
