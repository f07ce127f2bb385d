using Afterglow.App.CheckIns;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Messages;

/// <summary>draft → approved → queued (its messages are in the outbox); cancelled before it is queued.</summary>
public enum BroadcastState { Draft, Approved, Queued, Cancelled }

/// <summary>One text to a segment of the registry at a chosen time, approved by a coordinator before it goes.</summary>
public sealed record Broadcast
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TemplateId { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
    public string? SegmentId { get; init; }
    public RetireeFilter Filter { get; set; } = new();
    public DateTimeOffset SendAt { get; init; }
    /// <summary>Replies within a week are answers (e.g. "reply 1 to sign up"), not inbox items.</summary>
    public bool CollectAnswers { get; init; }
    public BroadcastState State { get; init; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    /// <summary>Who last edited the draft; neither they nor the drafter may approve it (ADR 0014c).</summary>
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? QueuedAt { get; init; }
    public int Queued { get; init; }
}

/// <summary>A reply to a broadcast that asked for one; the latest reply of each number counts.</summary>
/// <summary>DrafterMayApprove: for an office with one member of staff, who then approves their own broadcasts.</summary>
public sealed record ApprovalRule(bool DrafterMayApprove);

public sealed record BroadcastAnswer(string Phone, string? RetireeId, string? Name, string Text, DateTimeOffset At);

/// <summary>A saved filter over the registry.</summary>
public sealed record Segment(string Id, string Name, RetireeFilter Filter, string CreatedBy, DateTimeOffset UpdatedAt);

/// <summary>
/// Broadcasts ("b"), their answers ("ans-{id}") in the Broadcasts table; segments in the Segments table. Beside the
/// broadcasts, the live index ("live"): those still to send or still collecting answers, so the minute's send and
/// every inbound SMS read a handful of rows, not every broadcast ever made.
/// </summary>
public sealed class BroadcastStore(StorageAccount storage)
{
    private const string Partition = "b";
    private const string SegmentPartition = "s";
    private const string LivePartition = "live";
    private const string LiveBuilt = "live-built";
    private volatile bool _liveBuilt;

    /// <summary>Live when written: approved (to send), or queued and collecting answers (the reader drops it after the window).</summary>
    private static bool Live(Broadcast b) => b.State == BroadcastState.Approved || b is { State: BroadcastState.Queued, CollectAnswers: true };

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Broadcasts, ct);
    private Task<TableClient> Segments(CancellationToken ct) => storage.TableAsync(StorageNames.Segments, ct);

    public async Task<(Broadcast Broadcast, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        await CareRows.GetAsync<Broadcast>(await Table(ct), Partition, id, ct);

    public async Task<IReadOnlyList<Broadcast>> ListAsync(CancellationToken ct)
    {
        var list = new List<Broadcast>();
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct)) list.Add(CareRows.Read<Broadcast>(e));
        return list.OrderByDescending(b => b.CreatedAt).ToList();
    }

    /// <summary>Writes under the ETag (default: only if new); false when someone else changed it first.</summary>
    public async Task<bool> TrySaveAsync(Broadcast b, ETag etag, CancellationToken ct)
    {
        var e = CareRows.Write(Partition, b.Id, b);
        e["State"] = b.State.ToString();
        var table = await Table(ct);
        // The live row before the broadcast (a crash leaves one too many, which the reader checks); removed after.
        if (Live(b)) await table.UpsertEntityAsync(new TableEntity(LivePartition, b.Id), TableUpdateMode.Replace, ct);
        try
        {
            if (etag == default) await table.AddEntityAsync(e, ct);
            else await table.UpdateEntityAsync(e, etag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException x) when (CareRows.IsConflict(x)) { return false; }
        if (!Live(b)) await CareRows.DeleteIfExistsAsync(table, LivePartition, b.Id, ct);
        return true;
    }

    /// <summary>
    /// Broadcasts still to send or still collecting answers (queued within <paramref name="answerWindow"/>): the live
    /// index, each row checked against its broadcast. A row whose broadcast is no longer live goes — deleted under the
    /// ETag it was read with, so a writer that has just made it live again keeps it.
    /// </summary>
    public async Task<IReadOnlyList<Broadcast>> ListLiveAsync(DateTimeOffset now, TimeSpan answerWindow, CancellationToken ct)
    {
        var table = await Table(ct);
        await EnsureLiveIndexAsync(table, ct);
        var list = new List<Broadcast>();
        await foreach (var row in table.QueryAsync<TableEntity>(x => x.PartitionKey == LivePartition, cancellationToken: ct))
        {
            if (await GetAsync(row.RowKey, ct) is { Broadcast: var b } && (b.State == BroadcastState.Approved
                || (b is { State: BroadcastState.Queued, CollectAnswers: true } && b.QueuedAt > now - answerWindow)))
            {
                list.Add(b);
                continue;
            }
            try { await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct); }
            catch (RequestFailedException x) when (x.Status is 404 or 412) { }
        }
        return list;
    }

    /// <summary>Broadcasts saved before the live index existed: indexed once, then a marker row says it is done.</summary>
    private async Task EnsureLiveIndexAsync(TableClient table, CancellationToken ct)
    {
        if (_liveBuilt) return;
        if (!(await table.GetEntityIfExistsAsync<TableEntity>("meta", LiveBuilt, cancellationToken: ct)).HasValue)
        {
            foreach (var b in (await ListAsync(ct)).Where(Live))
                await table.UpsertEntityAsync(new TableEntity(LivePartition, b.Id), TableUpdateMode.Replace, ct);
            await table.UpsertEntityAsync(new TableEntity("meta", LiveBuilt), TableUpdateMode.Replace, ct);
        }
        _liveBuilt = true;
    }

    /// <summary>The office's approval rule (one row); a second person approves unless an admin said otherwise.</summary>
    public async Task<ApprovalRule> GetApprovalRuleAsync(CancellationToken ct) =>
        (await CareRows.GetAsync<ApprovalRule>(await Table(ct), "meta", "approval", ct))?.Value ?? new ApprovalRule(false);

    public async Task SaveApprovalRuleAsync(ApprovalRule rule, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write("meta", "approval", rule), TableUpdateMode.Replace, ct);

    public async Task SaveAnswerAsync(string broadcastId, BroadcastAnswer answer, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write("ans-" + broadcastId, answer.Phone, answer), TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<BroadcastAnswer>> AnswersAsync(string broadcastId, CancellationToken ct)
    {
        var list = new List<BroadcastAnswer>();
        var pk = "ans-" + broadcastId;
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct)) list.Add(CareRows.Read<BroadcastAnswer>(e));
        return list.OrderBy(a => a.At).ToList();
    }

    public async Task<Segment?> GetSegmentAsync(string id, CancellationToken ct) =>
        (await CareRows.GetAsync<Segment>(await Segments(ct), SegmentPartition, id, ct))?.Value;

    public async Task<IReadOnlyList<Segment>> ListSegmentsAsync(CancellationToken ct)
    {
        var list = new List<Segment>();
        await foreach (var e in (await Segments(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == SegmentPartition, cancellationToken: ct)) list.Add(CareRows.Read<Segment>(e));
        return list.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public async Task SaveSegmentAsync(Segment segment, CancellationToken ct) =>
        await (await Segments(ct)).UpsertEntityAsync(CareRows.Write(SegmentPartition, segment.Id, segment), TableUpdateMode.Replace, ct);

    public async Task DeleteSegmentAsync(string id, CancellationToken ct) => await CareRows.DeleteIfExistsAsync(await Segments(ct), SegmentPartition, id, ct);
}

/// <summary>Replies to a broadcast that asked for answers, within a week of it going out.</summary>
public sealed class BroadcastAnswers(BroadcastStore broadcasts, OutboxStore outbox, RegistryIndex index, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task<bool> TryRecordAsync(string from, string text, DateTimeOffset at, CancellationToken ct)
    {
        var open = (await broadcasts.ListLiveAsync(time.GetUtcNow(), Window, ct)).Where(b => b is { CollectAnswers: true, State: BroadcastState.Queued });
        foreach (var b in open.OrderByDescending(b => b.QueuedAt))
        {
            // Only someone the broadcast was sent to is answering it.
            if (await outbox.GetAsync(OutboxStore.IdOf(BroadcastQueue.KeyOf(b.Id, from)), ct) is not { } sent) continue;
            var retiree = sent.Message.RetireeId is { } id ? index.Find(id) : null;
            await broadcasts.SaveAnswerAsync(b.Id, new BroadcastAnswer(from, sent.Message.RetireeId, retiree?.Name, text.Trim(), at), ct);
            return true;
        }
        return false;
    }
}
