using System.Globalization;
using System.Text.RegularExpressions;
using Afterglow.App.Storage;
using Afterglow.Domain.Events;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Events;

/// <summary>
/// Events in Table Storage (docs/decisions/0017-event-sign-up-by-sms.md). One partition per event holds the event
/// ("event") and one row per invited retiree ("a-{retireeId}"), so a sign-up changes the event's counts and the
/// person's row in one transaction under the event's ETag: two answers for the last place cannot both get it.
/// Beside them, keyed indexes: the year's events ("y2026"), event codes ("code"), and each retiree's invitations
/// ("inv-{retireeId}"), written before the rows they point to (a reader drops a pointer to nothing).
/// </summary>
public sealed partial class EventStore(StorageAccount storage)
{
    private const string EventRow = "event";
    private const string CodePartition = "code";

    public static string NewId() => "e" + Guid.NewGuid().ToString("N")[..12];
    public static bool IsId(string id) => IdPattern().IsMatch(id);
    public static bool IsRetireeId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    private static string AttendeeRow(string retireeId) => "a-" + retireeId;
    private static string YearPartition(DateTimeOffset startsAt) => "y" + startsAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
    private static string InvitationsOf(string retireeId) => "inv-" + retireeId;

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Events, ct);

    /// <summary>Adds a new event with a code no live event has (an old event's code is taken over once it is a month past).</summary>
    public async Task<Event> CreateAsync(Event e, DateTimeOffset now, CancellationToken ct)
    {
        var table = await Table(ct);
        for (var attempt = 0; ; attempt++)
        {
            var code = Random.Shared.Next(1000, 10000).ToString(CultureInfo.InvariantCulture);
            var row = new TableEntity(CodePartition, code) { ["EventId"] = e.Id };
            try { await table.AddEntityAsync(row, ct); }
            catch (RequestFailedException x) when (x.Status == 409)
            {
                var held = (await table.GetEntityAsync<TableEntity>(CodePartition, code, cancellationToken: ct)).Value;
                var owner = await GetAsync(held.GetString("EventId"), ct);
                if ((owner is not null && owner.Value.Event.StartsAt > now - TimeSpan.FromDays(30)) || attempt > 50)
                {
                    if (attempt > 50) throw new InvalidOperationException("No free event code.");
                    continue;
                }
                try { await table.UpdateEntityAsync(row, held.ETag, TableUpdateMode.Replace, ct); }
                catch (RequestFailedException y) when (Optimistic.IsConflict(y)) { continue; }
            }
            var created = e with { Code = code };
            await table.UpsertEntityAsync(new TableEntity(YearPartition(created.StartsAt), created.Id), TableUpdateMode.Replace, ct);
            await table.AddEntityAsync(Rows.Write(created.Id, EventRow, created), ct);
            return created;
        }
    }

    public async Task<(Event Event, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsId(id) ? await Rows.GetAsync<Event>(await Table(ct), id, EventRow, ct) : null;

    /// <summary>The event a code belongs to now, if any.</summary>
    public async Task<Event?> FindByCodeAsync(string code, CancellationToken ct)
    {
        var row = await (await Table(ct)).GetEntityIfExistsAsync<TableEntity>(CodePartition, code, cancellationToken: ct);
        return row.HasValue && (await GetAsync(row.Value!.GetString("EventId"), ct)) is { } found ? found.Event : null;
    }

    /// <summary>A year's events (by their UTC start), soonest first: one index partition, then a point read each.</summary>
    public async Task<IReadOnlyList<Event>> ListYearAsync(int year, CancellationToken ct)
    {
        var table = await Table(ct);
        var pk = "y" + year.ToString(CultureInfo.InvariantCulture);
        var ids = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, select: ["RowKey"], cancellationToken: ct)) ids.Add(e.RowKey);
        var events = await Task.WhenAll(ids.Select(id => GetAsync(id, ct)));
        // An index row left by a move to another year points at an event of that year: not this one's.
        return events.Where(x => x is { } f && YearPartition(f.Event.StartsAt) == pk).Select(x => x!.Value.Event).OrderBy(e => e.StartsAt).ToList();
    }

    /// <summary>Replaces the event if nobody changed it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<bool> TrySaveAsync(Event e, Event before, ETag etag, CancellationToken ct)
    {
        var table = await Table(ct);
        if (YearPartition(e.StartsAt) != YearPartition(before.StartsAt))
            await table.UpsertEntityAsync(new TableEntity(YearPartition(e.StartsAt), e.Id), TableUpdateMode.Replace, ct);
        try { await table.UpdateEntityAsync(Rows.Write(e.Id, EventRow, e), etag, TableUpdateMode.Replace, ct); }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
        if (YearPartition(e.StartsAt) != YearPartition(before.StartsAt)) await Rows.DeleteIfExistsAsync(table, YearPartition(before.StartsAt), e.Id, ct);
        return true;
    }

    public async Task<(Attendee Attendee, ETag ETag)?> GetAttendeeAsync(string eventId, string retireeId, CancellationToken ct) =>
        IsRetireeId(retireeId) ? await Rows.GetAsync<Attendee>(await Table(ct), eventId, AttendeeRow(retireeId), ct) : null;

    /// <summary>Everyone on an event's list: one partition.</summary>
    public async Task<IReadOnlyList<(Attendee Attendee, ETag ETag)>> AttendeesAsync(string eventId, CancellationToken ct, string? filter = null)
    {
        var list = new List<(Attendee, ETag)>();
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {"a-"} and RowKey lt {"a."}") + (filter is null ? "" : $" and {filter}");
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(query, cancellationToken: ct)) list.Add((Rows.Read<Attendee>(e), e.ETag));
        return list;
    }

    public Task<IReadOnlyList<(Attendee Attendee, ETag ETag)>> WaitingAsync(string eventId, CancellationToken ct) =>
        AttendeesAsync(eventId, ct, TableClient.CreateQueryFilter($"State eq {nameof(AttendeeState.Waiting)}"));

    public Task<IReadOnlyList<(Attendee Attendee, ETag ETag)>> WithNoticeAsync(string eventId, CancellationToken ct) =>
        AttendeesAsync(eventId, ct, "HasNotice eq true");

    /// <summary>
    /// One change to an event and some of its rows, all or nothing: the event under its ETag, each row under its own
    /// (a new row only if it is still new). False when anyone wrote first; the caller reads again and decides again.
    /// </summary>
    public async Task<bool> TryCommitAsync(Event e, ETag etag, IReadOnlyList<(Attendee Attendee, ETag? ETag)> rows, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, Rows.Write(e.Id, EventRow, e), etag) };
        foreach (var (a, rowTag) in rows)
            actions.Add(rowTag is { } t
                ? new(TableTransactionActionType.UpdateReplace, Entity(e.Id, a), t)
                : new(TableTransactionActionType.Add, Entity(e.Id, a)));
        try { await (await Table(ct)).SubmitTransactionAsync(actions, ct); }
        catch (TableTransactionFailedException x) when (Optimistic.IsConflict(x)) { return false; }
        return true;
    }

    /// <summary>Adds new invitees in transactions of 100; those already on the list are left as they are. Returns those added.</summary>
    public async Task<IReadOnlyList<Attendee>> AddInviteesAsync(string eventId, IReadOnlyList<Attendee> invitees, CancellationToken ct)
    {
        var table = await Table(ct);
        // The retiree's pointer first: their page (and a bare reply) then finds the invitation; one to nothing is dropped.
        foreach (var chunk in invitees.Chunk(16))
            await Task.WhenAll(chunk.Select(a => table.UpsertEntityAsync(new TableEntity(InvitationsOf(a.RetireeId), eventId) { ["InvitedAt"] = a.InvitedAt }, TableUpdateMode.Replace, ct)));
        var added = new List<Attendee>();
        foreach (var chunk in invitees.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Add, Entity(eventId, a))), ct);
                added.AddRange(chunk);
            }
            catch (TableTransactionFailedException x) when (x.Status == 409)
            {
                foreach (var a in chunk)
                {
                    try { await table.AddEntityAsync(Entity(eventId, a), ct); added.Add(a); }
                    catch (RequestFailedException y) when (y.Status == 409) { }
                }
            }
        }
        return added;
    }

    /// <summary>Points a retiree at an event (a staff sign-up of someone not invited).</summary>
    public async Task AddInvitationPointerAsync(string eventId, string retireeId, DateTimeOffset at, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(new TableEntity(InvitationsOf(retireeId), eventId) { ["InvitedAt"] = at }, TableUpdateMode.Replace, ct);

    /// <summary>The events a retiree was invited to (one partition), with when.</summary>
    public async Task<IReadOnlyList<(string EventId, DateTimeOffset InvitedAt)>> InvitationsAsync(string retireeId, CancellationToken ct)
    {
        var list = new List<(string, DateTimeOffset)>();
        if (!IsRetireeId(retireeId)) return list;
        var pk = InvitationsOf(retireeId);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct))
            list.Add((e.RowKey, e.GetDateTimeOffset("InvitedAt") ?? default));
        return list;
    }

    /// <summary>Clears a row's pending SMS once it is queued; a row changed meanwhile keeps its newer notice.</summary>
    public async Task ClearNoticeAsync(string eventId, Attendee a, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Entity(eventId, a with { Notice = null }), etag, TableUpdateMode.Replace, ct); }
        catch (RequestFailedException x) when (x.Status is 404 or 412) { }
    }

    private static TableEntity Entity(string eventId, Attendee a)
    {
        var e = Rows.Write(eventId, AttendeeRow(a.RetireeId), a);
        e["State"] = a.State.ToString();
        e["HasNotice"] = a.Notice is not null;
        return e;
    }

    [GeneratedRegex("^e[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
