using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

public enum CheckInStatus
{
    /// <summary>Sent; the answer window is open.</summary>
    Sent,
    Answered,
    /// <summary>The window closed without an answer: an incident is open.</summary>
    Missed,
    /// <summary>The SMS did not arrive: a person phones or visits instead.</summary>
    Undelivered,
}

public enum Delivery { Unknown, Delivered, Failed }

/// <summary>One "are you well?" SMS and its answer.</summary>
public sealed record CheckIn
{
    public required string Id { get; init; }
    public required string RetireeId { get; init; }
    public string RetireeName { get; set; } = "";
    public string Mobile { get; set; } = "";
    public string Language { get; set; } = "zh-CN";
    public IReadOnlyList<string> VolunteerIds { get; set; } = [];
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset WindowEndsAt { get; init; }
    public CheckInStatus Status { get; init; } = CheckInStatus.Sent;
    public Delivery Delivery { get; init; }
    /// <summary>Well, Unwell or Help, once answered (a late answer counts).</summary>
    public ReplyKind? Answer { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? IncidentId { get; init; }
    public string? MassId { get; init; }
    /// <summary>Answered 2: the paired volunteer was asked to call today.</summary>
    public bool CallBack { get; init; }
    /// <summary>Call: a person phones the retiree and records the outcome (by dashboard, or SMS with <see cref="CallCode"/>).</summary>
    public CareChannel Channel { get; init; }
    public string? CallCode { get; init; }
    public string? CallerName { get; init; }
    public string? CallerPhone { get; init; }
}

/// <summary>A check-in sent now to a whole segment (heatwave, typhoon, cold snap), with its live tally.</summary>
public sealed record MassCheckIn
{
    public required string Id { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; set; } = "";
    public int Count { get; init; }
    public DateTimeOffset WindowEndsAt { get; init; }
    /// <summary>Retirees the filter matched who were not checked on, by reason (hospitalised, noSmsConsent, …), so the office sees who is missing.</summary>
    public IReadOnlyDictionary<string, int> LeftOut { get; set; } = new Dictionary<string, int>();
}

/// <summary>Work that falls due at a minute: send a retiree's check-in, close a check-in's answer window, or continue a mass check-in.</summary>
public sealed record DueItem(string Kind, string Ref, DateTimeOffset Due)
{
    public const string Send = "send";
    public const string Window = "window";
    /// <summary>A mass check-in's job: chunks of recipients still to send (MassCheckIns).</summary>
    public const string Mass = "mass";
}

/// <summary>What the last sweep did; the watch compares it with the clock.</summary>
public sealed record SweepHeartbeat(DateTimeOffset LastRunAt, double LastMilliseconds, int Due, int Sent, int Opened, int Advanced);

/// <summary>
/// The CheckIns table. Due work sits in one partition per UTC minute ("due-yyyyMMddHHmm"), so a sweep reads the
/// range of minutes up to now — what is due — and never the registry. Check-ins sit in one partition per office
/// day ("day-yyyyMMdd", or "mass-{id}" for a mass check-in), keyed by retiree, so a reply finds its check-in by a
/// point read and the dashboard lists a day with one partition read.
/// </summary>
public sealed class CheckInStore(StorageAccount storage, ReportCounts counts)
{
    private const string MassesPartition = "masses";
    private const string MetaPartition = "meta";
    // A sweep also picks up work left over from a week of stopped timers; older leftovers were already alerted on.
    public static readonly TimeSpan CatchUp = TimeSpan.FromDays(7);

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.CheckIns, ct);

    public static string DayPartition(DateOnly day) => "day-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
    public static string MassPartition(string massId) => "mass-" + massId;
    public static string IdOf(string partition, string retireeId) => $"{partition}.{retireeId}";

    public static (string Partition, string RetireeId)? Parse(string id)
    {
        var dot = id.LastIndexOf('.');
        if (dot <= 0 || dot == id.Length - 1) return null;
        var pk = id[..dot];
        return pk.StartsWith("day-", StringComparison.Ordinal) || pk.StartsWith("mass-", StringComparison.Ordinal) ? (pk, id[(dot + 1)..]) : null;
    }

    // Due work: the shared due index, keyed "kind|ref".

    private DueIndex Due => _due ??= new DueIndex(Table, CatchUp);
    private DueIndex? _due;

    private static string KeyOf(DueItem item) => $"{item.Kind}|{item.Ref}";

    public Task AddDueAsync(DueItem item, CancellationToken ct) => Due.AddAsync(KeyOf(item), item.Due, ct);

    public Task AddDueManyAsync(IReadOnlyList<DueItem> items, CancellationToken ct) =>
        Due.AddManyAsync(items.Select(i => (KeyOf(i), i.Due)).ToList(), ct);

    /// <summary>Everything due up to <paramref name="now"/>: one range query over the minute partitions.</summary>
    public async Task<IReadOnlyList<DueItem>> DueAsync(DateTimeOffset now, CancellationToken ct) =>
        (await Due.DueAsync(now, ct)).Select(r => r.Key.Split('|', 2) is [var kind, var reference] ? new DueItem(kind, reference, r.At) : null)
            .OfType<DueItem>().ToList();

    /// <summary>The oldest work still waiting: how far behind the sweep is.</summary>
    public async Task<DueRow?> OldestDueAsync(DateTimeOffset now, CancellationToken ct) => (await Due.OldestAsync(now, now, 1, ct)).FirstOrDefault();

    public Task RemoveDueAsync(DueItem item, CancellationToken ct) => Due.RemoveAsync(KeyOf(item), DueIndex.PartitionOf(item.Due), ct);

    // Check-ins

    public async Task<(CheckIn CheckIn, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        Parse(id) is { } key ? await CareRows.GetAsync<CheckIn>(await Table(ct), key.Partition, key.RetireeId, ct) : null;

    /// <summary>Adds a check-in; false when it exists already (a retried or concurrent sweep).</summary>
    public async Task<bool> TryAddAsync(CheckIn c, CancellationToken ct)
    {
        var key = Parse(c.Id)!.Value;
        try
        {
            await (await Table(ct)).AddEntityAsync(Entity(key.Partition, key.RetireeId, c), ct);
            await CountAsync(c, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A retried send: the crash may have come before the count.
            if (await GetAsync(c.Id, ct) is { } existing) await CountAsync(existing.CheckIn, ct);
            return false;
        }
    }

    public async Task AddManyAsync(string partition, IReadOnlyList<CheckIn> items, CancellationToken ct)
    {
        var table = await Table(ct);
        foreach (var chunk in items.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(partition, c.RetireeId, c))), ct);
            await counts.CountManyAsync(chunk.Select(Counted).ToList(), ct);
        }
    }

    public async Task<bool> TryReplaceAsync(CheckIn c, ETag etag, CancellationToken ct)
    {
        var key = Parse(c.Id)!.Value;
        try
        {
            await (await Table(ct)).UpdateEntityAsync(Entity(key.Partition, key.RetireeId, c), etag, TableUpdateMode.Replace, ct);
            await CountAsync(c, ct);
            return true;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e)) { return false; }
    }

    /// <summary>Re-reads and applies <paramref name="change"/> until the write wins (or the change declines: null).</summary>
    public Task<CheckIn?> UpdateAsync(string id, Func<CheckIn, CheckIn?> change, CancellationToken ct) =>
        Optimistic.RetryAsync($"Check-in {id}", async token =>
        {
            if (await GetAsync(id, token) is not { } found) return (true, (CheckIn?)null);
            if (change(found.CheckIn) is not { } next)
            {
                // Nothing to change: a repeat of a step that may have crashed before counting what it wrote.
                await CountAsync(found.CheckIn, token);
                return (true, found.CheckIn);
            }
            return (await TryReplaceAsync(next, found.ETag, token), next);
        }, ct);

    // The reports' counts: every written status, idempotent (a repeat changes nothing).

    /// <summary>Statuses only move forward: sent, then missed or undelivered, then answered (a late answer counts).</summary>
    private static int Rank(CheckInStatus s) => s switch { CheckInStatus.Sent => 0, CheckInStatus.Answered => 2, _ => 1 };

    private Counted Counted(CheckIn c)
    {
        var key = Parse(c.Id)!.Value;
        var day = key.Partition.StartsWith("day-", StringComparison.Ordinal)
            ? (ReportKinds.CheckIn, DateOnly.ParseExact(key.Partition[4..], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            : (ReportKinds.MassCheckIn, counts.DayOf(c.DueAt));
        return new Counted(day.Item1, day.Item2, c.Id, ReportKinds.State(c.Status), Rank(c.Status));
    }

    /// <summary>Counts a check-in as stored (idempotent): for a step that finds its work already done.</summary>
    public Task CountAsync(CheckIn c, CancellationToken ct) => counts.CountAsync(Counted(c), ct);

    /// <summary>A day's (or a mass check-in's) check-ins: one partition; with a status, only those rows leave storage.</summary>
    public async Task<IReadOnlyList<CheckIn>> ListAsync(string partition, CancellationToken ct, CheckInStatus? status = null)
    {
        var table = await Table(ct);
        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Status eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var list = new List<CheckIn>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
            list.Add(CareRows.Read<CheckIn>(e));
        return list;
    }

    /// <summary>
    /// A partition's check-ins counted by status, reading only the Status column: the office's day is ~2,000 rows of
    /// ~0.5 KB, and the Today page needs their counts, not their text (issue 14).
    /// </summary>
    public async Task<IReadOnlyDictionary<CheckInStatus, int>> CountByStatusAsync(string partition, CancellationToken ct)
    {
        var table = await Table(ct);
        var counts = new Dictionary<CheckInStatus, int>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000, select: ["Status"], cancellationToken: ct))
            if (Enum.TryParse<CheckInStatus>(e.GetString("Status"), out var status)) counts[status] = counts.GetValueOrDefault(status) + 1;
        return counts;
    }

    private static TableEntity Entity(string pk, string rk, CheckIn c)
    {
        var e = CareRows.Write(pk, rk, c);
        e["Status"] = c.Status.ToString();
        return e;
    }

    // Mass check-ins

    public async Task SaveMassAsync(MassCheckIn mass, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(MassesPartition, mass.Id, mass), TableUpdateMode.Replace, ct);

    public async Task<MassCheckIn?> GetMassAsync(string id, CancellationToken ct) =>
        (await CareRows.GetAsync<MassCheckIn>(await Table(ct), MassesPartition, id, ct))?.Value;

    /// <summary>Mass check-ins of the last days (a reply may answer one): one row listing them, read by a point read.</summary>
    public async Task<IReadOnlyList<MassCheckIn>> RecentMassesAsync(DateTimeOffset since, CancellationToken ct) =>
        ((await CareRows.GetAsync<RecentMasses>(await Table(ct), MetaPartition, "recent-masses", ct))?.Value.Masses ?? []).Where(m => m.CreatedAt >= since).ToList();

    public async Task AddRecentMassAsync(MassCheckIn mass, CancellationToken ct) =>
        await Optimistic.UpdateRowAsync<RecentMasses>(await Table(ct), MetaPartition, "recent-masses", found =>
            new RecentMasses((found?.Masses ?? []).Where(m => m.CreatedAt >= mass.CreatedAt - TimeSpan.FromDays(7) && m.Id != mass.Id).Append(mass).ToList()), ct);

    internal sealed record RecentMasses(IReadOnlyList<MassCheckIn> Masses);

    // The engine watching itself

    public async Task SaveHeartbeatAsync(SweepHeartbeat beat, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(MetaPartition, "heartbeat", beat), TableUpdateMode.Replace, ct);

    public async Task<SweepHeartbeat?> GetHeartbeatAsync(CancellationToken ct) =>
        (await CareRows.GetAsync<SweepHeartbeat>(await Table(ct), MetaPartition, "heartbeat", ct))?.Value;

    public async Task SaveMetaAsync<T>(string key, T value, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(MetaPartition, key, value), TableUpdateMode.Replace, ct);

    public async Task<T?> GetMetaAsync<T>(string key, CancellationToken ct) where T : class =>
        (await CareRows.GetAsync<T>(await Table(ct), MetaPartition, key, ct))?.Value;
}
