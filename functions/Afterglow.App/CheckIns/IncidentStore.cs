using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

/// <summary>
/// One line of an incident's timeline: every message, reply, acknowledgement, level change and note. <see cref="Code"/>
/// and <see cref="Args"/> say it for the dashboard to word (see <see cref="TimelineTexts"/>); <see cref="Detail"/> is the
/// English, and all that lines written before codes have.
/// </summary>
public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Actor, string Detail, int? Level = null, string? Name = null, string? Phone = null, RecipientRole? Role = null,
    string? Code = null, IReadOnlyDictionary<string, string>? Args = null)
{
    public static TimelineEvent Of(DateTimeOffset at, string kind, string actor, EventText text, int? level = null, string? name = null, string? phone = null, RecipientRole? role = null) =>
        new(at, kind, actor, text.English, level, name, phone, role, text.Code, text.Args);
}

/// <summary>What lists and reply routing need of an incident, kept in the open (or closed) index.</summary>
public sealed record IncidentSummary
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string RetireeId { get; init; }
    public string RetireeName { get; set; } = "";
    public IncidentKind Kind { get; init; }
    public IncidentStatus Status { get; init; }
    public int Level { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? NextAt { get; init; }
    /// <summary>Messages not yet queued (a step or the closing notes): the sweep finishes them.</summary>
    public bool Pending { get; init; }
    public IReadOnlyList<string> NotifiedPhones { get; set; } = [];
    public IReadOnlyList<string> VolunteerIds { get; set; } = [];
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IncidentOutcome? Outcome { get; init; }
    /// <summary>Who resolved it and what they wrote (absent from index rows written before the history listed them).</summary>
    public string? ResolvedBy { get; init; }
    public string? Note { get; init; }
    public string? NoteCode { get; init; }
    public IReadOnlyDictionary<string, string>? NoteArgs { get; init; }

    public static IncidentSummary Of(Incident i) => new()
    {
        Id = i.Id, Code = i.Code, RetireeId = i.RetireeId, RetireeName = i.RetireeName, Kind = i.Kind, Status = i.Status, Level = i.Level,
        OpenedAt = i.OpenedAt, NextAt = i.NextAt, Pending = i.Steps.Any(s => !s.Sent) || (i.Status == IncidentStatus.Resolved && !i.ClosingSent),
        NotifiedPhones = i.NotifiedPhones.ToList(), VolunteerIds = i.VolunteerIds,
        AcknowledgedAt = i.Acknowledged?.At, AcknowledgedBy = i.Acknowledged?.By, ResolvedAt = i.Resolution?.At, Outcome = i.Resolution?.Outcome,
        ResolvedBy = i.Resolution?.By, Note = i.Resolution?.Note, NoteCode = i.Resolution?.NoteCode, NoteArgs = i.Resolution?.NoteArgs,
    };
}

/// <summary>
/// The Incidents table. Each incident is its own partition — the state row and its timeline — so a state change
/// and the timeline lines that explain it commit in one transaction, guarded by the state row's ETag. Beside
/// them: the open index (few rows: the sweep reads it every minute), the closed index (newest first) and the
/// short codes of open incidents.
/// </summary>
public sealed class IncidentStore(StorageAccount storage, ReportCounts counts)
{
    private const string StateRow = "state";
    private const string OpenPartition = "open";
    private const string ClosedPartition = "closed";
    private static string ClosedOf(string retireeId) => $"closed-{retireeId}";
    // One retiree's open incidents, beside the office's open index: a closing window reads this, not every open incident.
    private static string OpenOf(string retireeId) => $"openof-{retireeId}";
    private const string MetaPartition = "meta";
    private const string OpenOfBuilt = "openof-built";
    private volatile bool _openOfBuilt;
    private const string CodePartition = "code";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Incidents, ct);

    public async Task<(Incident Incident, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsIncidentId(id) ? await CareRows.GetAsync<Incident>(await Table(ct), id, StateRow, ct) : null;

    public static bool IsIncidentId(string id) => id.StartsWith("i-", StringComparison.Ordinal) && id.Length < 200;

    /// <summary>Creates the incident with its first timeline lines; false when it exists already.</summary>
    public async Task<bool> TryCreateAsync(Incident incident, IReadOnlyList<TimelineEvent> events, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, CareRows.Write(incident.Id, StateRow, incident)) };
        actions.AddRange(Events(incident.Id, events, Order(incident)));
        try
        {
            await (await Table(ct)).SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e)) { return false; }
    }

    /// <summary>
    /// Lines written in the same clock tick still sort in the order the states they explain were written: steps
    /// only grow and the status only moves forward.
    /// </summary>
    private static string Order(Incident i) => $"{i.Steps.Count:D3}{(int)i.Status}";

    /// <summary>Writes a new state with the lines that explain it, if nobody moved the incident since it was read.</summary>
    public async Task<bool> TryCommitAsync(Incident incident, ETag etag, IReadOnlyList<TimelineEvent> events, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, CareRows.Write(incident.Id, StateRow, incident), etag) };
        actions.AddRange(Events(incident.Id, events, Order(incident)));
        try
        {
            await (await Table(ct)).SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e)) { return false; }
    }

    /// <summary>Lines that change no state (a note, a delivery failure): appended on their own.</summary>
    public async Task AppendAsync(string incidentId, IReadOnlyList<TimelineEvent> events, CancellationToken ct)
    {
        if (events.Count > 0) await (await Table(ct)).SubmitTransactionAsync(Events(incidentId, events, "9999"), ct);
    }

    /// <summary>One line keyed by something of its own (an SMS's provider id): written once however often it is retried.</summary>
    public async Task AppendOnceAsync(string incidentId, TimelineEvent e, string key, CancellationToken ct)
    {
        var rowKey = $"e{e.At.UtcTicks:D19}-9999-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16]}";
        try { await (await Table(ct)).AddEntityAsync(CareRows.Write(incidentId, rowKey, e), ct); }
        catch (RequestFailedException x) when (x.Status == 409) { }
    }

    /// <summary>The incident and its timeline in one query: both live in the incident's own partition.</summary>
    public async Task<(Incident Incident, IReadOnlyList<TimelineEvent> Timeline)?> GetWithTimelineAsync(string id, CancellationToken ct)
    {
        if (!IsIncidentId(id)) return null;
        Incident? incident = null;
        var timeline = new List<TimelineEvent>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: ct))
        {
            if (e.RowKey == StateRow) incident = CareRows.Read<Incident>(e);
            else if (e.RowKey.StartsWith('e')) timeline.Add(CareRows.Read<TimelineEvent>(e));
        }
        return incident is null ? null : (incident, timeline);
    }

    public async Task<IReadOnlyList<TimelineEvent>> TimelineAsync(string incidentId, CancellationToken ct)
    {
        var table = await Table(ct);
        var list = new List<TimelineEvent>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {incidentId} and RowKey ge {"e"} and RowKey lt {"f"}"), cancellationToken: ct))
            list.Add(CareRows.Read<TimelineEvent>(e));
        return list;
    }

    private static IEnumerable<TableTransactionAction> Events(string incidentId, IReadOnlyList<TimelineEvent> events, string order) =>
        events.Select((e, n) => new TableTransactionAction(TableTransactionActionType.Add,
            CareRows.Write(incidentId, $"e{e.At.UtcTicks:D19}-{order}-{n:D3}-{Guid.NewGuid().ToString("N")[..8]}", e)));

    // The open and closed indexes

    public async Task IndexAsync(Incident i, CancellationToken ct)
    {
        var table = await Table(ct);
        var summary = IncidentSummary.Of(i);
        // Indexing follows every commit and is repeated after a crash: the counts it writes are idempotent.
        await counts.CountManyAsync(Counts(i), ct);
        if (i.Status != IncidentStatus.Resolved || !i.ClosingSent)
        {
            await table.UpsertEntityAsync(CareRows.Write(OpenPartition, i.Id, summary), TableUpdateMode.Replace, ct);
            await table.UpsertEntityAsync(CareRows.Write(OpenOf(i.RetireeId), i.Id, summary), TableUpdateMode.Replace, ct);
            return;
        }
        // Closed: add to the closed indexes (the office's and the retiree's) first, so a crash in between leaves
        // it in both rather than in neither; upserts, so the retry after a crash writes the same rows again.
        var resolvedAt = i.Resolution?.At ?? i.OpenedAt;
        var closedKey = $"{DateTimeOffset.MaxValue.UtcTicks - resolvedAt.UtcTicks:D19}-{i.Id}";
        await table.UpsertEntityAsync(CareRows.Write(ClosedPartition, closedKey, summary), TableUpdateMode.Replace, ct);
        await table.UpsertEntityAsync(CareRows.Write(ClosedOf(i.RetireeId), closedKey, summary), TableUpdateMode.Replace, ct);
        await CareRows.DeleteIfExistsAsync(table, OpenPartition, i.Id, ct);
        await CareRows.DeleteIfExistsAsync(table, OpenOf(i.RetireeId), i.Id, ct);
        await ReleaseCodeAsync(i.Code, i.Id, ct);
    }

    /// <summary>What the reports count of an incident: its opening, its acknowledgement, its resolution.</summary>
    private List<Counted> Counts(Incident i)
    {
        var list = new List<Counted> { new(ReportKinds.IncidentOpened, counts.DayOf(i.OpenedAt), i.Id, ReportKinds.State(i.Kind)) };
        if (i.Acknowledged is { } ack)
            list.Add(new(ReportKinds.IncidentAcknowledged, counts.DayOf(ack.At), i.Id, ReportKinds.AckBucket(ack.At - i.OpenedAt)));
        if (i.Status == IncidentStatus.Resolved && i.Resolution is { } r)
            list.Add(new(ReportKinds.IncidentResolved, counts.DayOf(r.At), i.Id, ReportKinds.State(r.Outcome)));
        return list;
    }

    public async Task<IReadOnlyList<IncidentSummary>> ListOpenAsync(CancellationToken ct)
    {
        var table = await Table(ct);
        var list = new List<IncidentSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == OpenPartition, cancellationToken: ct)) list.Add(CareRows.Read<IncidentSummary>(e));
        return list;
    }

    /// <summary>
    /// One retiree's open incidents: their own partition (a keyed read), each checked against its state row so a
    /// row left by a crash between closing and un-indexing is dropped, not believed. Built once from the office's
    /// open index for incidents indexed before this partition existed.
    /// </summary>
    public async Task<IReadOnlyList<IncidentSummary>> ListOpenOfAsync(string retireeId, CancellationToken ct)
    {
        var table = await Table(ct);
        if (!_openOfBuilt)
        {
            if (!(await table.GetEntityIfExistsAsync<TableEntity>(MetaPartition, OpenOfBuilt, cancellationToken: ct)).HasValue)
            {
                foreach (var s in await ListOpenAsync(ct))
                    await table.UpsertEntityAsync(CareRows.Write(OpenOf(s.RetireeId), s.Id, s), TableUpdateMode.Replace, ct);
                await table.UpsertEntityAsync(new TableEntity(MetaPartition, OpenOfBuilt), TableUpdateMode.Replace, ct);
            }
            _openOfBuilt = true;
        }
        var list = new List<IncidentSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == OpenOf(retireeId), cancellationToken: ct))
        {
            var summary = CareRows.Read<IncidentSummary>(e);
            if (await GetAsync(summary.Id, ct) is { Incident: var incident } && (incident.Status != IncidentStatus.Resolved || !incident.ClosingSent))
                list.Add(IncidentSummary.Of(incident));
            else await CareRows.DeleteIfExistsAsync(table, e.PartitionKey, e.RowKey, ct);
        }
        return list;
    }

    /// <summary>Closed incidents, newest first: the office's, or one retiree's (their own partition).</summary>
    public async Task<IReadOnlyList<IncidentSummary>> ListClosedAsync(int max, string? retireeId, CancellationToken ct)
    {
        var table = await Table(ct);
        var partition = retireeId is null ? ClosedPartition : ClosedOf(retireeId);
        var list = new List<IncidentSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            list.Add(CareRows.Read<IncidentSummary>(e));
            if (list.Count >= max) break;
        }
        return list;
    }

    /// <summary>
    /// A page of closed incidents, newest resolution first, resolved in [<paramref name="from"/>, <paramref name="to"/>)
    /// when given: a row-key range of the closed index, so a period costs what it holds. <paramref name="after"/> is the
    /// previous page's last key; <paramref name="keep"/> drops what the caller may not see without shortening the page.
    /// </summary>
    public async Task<(IReadOnlyList<IncidentSummary> Items, string? Next)> ListClosedPageAsync(
        string? retireeId, DateTimeOffset? from, DateTimeOffset? to, string? after, int max, Func<IncidentSummary, bool> keep, CancellationToken ct)
    {
        var table = await Table(ct);
        var partition = retireeId is null ? ClosedPartition : ClosedOf(retireeId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (to is { } end) filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {$"{DateTimeOffset.MaxValue.UtcTicks - end.UtcTicks + 1:D19}"}");
        if (from is { } start) filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {$"{DateTimeOffset.MaxValue.UtcTicks - start.UtcTicks + 1:D19}"}");
        if (after is not null) filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        var list = new List<IncidentSummary>();
        string? last = null;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max + 1, 1000), cancellationToken: ct))
        {
            var summary = CareRows.Read<IncidentSummary>(e);
            if (!keep(summary)) continue;
            // One more than the page proves there is a next page.
            if (list.Count == max) return (list, last);
            list.Add(summary);
            last = e.RowKey;
        }
        return (list, null);
    }

    /// <summary>The closed index's key shape: a cursor the caller hands back must look like one.</summary>
    public static bool IsClosedKey(string key) => key.Length is > 20 and < 250 && key[19] == '-' && key[..19].All(char.IsAsciiDigit);

    // Short codes of open incidents

    /// <summary>Claims a code for an incident: true if it is now (or already was) this incident's.</summary>
    public async Task<bool> TryClaimCodeAsync(string code, string incidentId, CancellationToken ct)
    {
        var table = await Table(ct);
        var row = new TableEntity(CodePartition, code) { ["IncidentId"] = incidentId };
        try
        {
            await table.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(CodePartition, code, cancellationToken: ct);
        if (!existing.HasValue) return false;
        var owner = existing.Value!.GetString("IncidentId");
        if (owner == incidentId) return true;
        // A code left behind by an incident that has closed (or was never created) can be taken over.
        var ownerState = await GetAsync(owner, ct);
        if (ownerState is { Incident.IsOpen: true }) return false;
        try
        {
            await table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e)) { return false; }
    }

    public async Task<string?> FindByCodeAsync(string code, CancellationToken ct)
    {
        var row = await (await Table(ct)).GetEntityIfExistsAsync<TableEntity>(CodePartition, code, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("IncidentId") : null;
    }

    private async Task ReleaseCodeAsync(string code, string incidentId, CancellationToken ct)
    {
        var table = await Table(ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(CodePartition, code, cancellationToken: ct);
        if (!row.HasValue || row.Value!.GetString("IncidentId") != incidentId) return;
        try { await table.DeleteEntityAsync(CodePartition, code, row.Value.ETag, ct); }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { }
    }
}
