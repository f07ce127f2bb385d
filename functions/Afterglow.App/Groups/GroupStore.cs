using System.Globalization;
using System.Text.RegularExpressions;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Groups;

/// <summary>
/// The Groups table (docs/decisions/0017e-groups-classes-branches.md). One partition per group holds the group
/// ("group"), a row per member ("m-{retireeId}") and a row per meeting ("mt-{yyyy}-{MMdd}-{id}"), so joining changes
/// the count and the member in one transaction under the group's ETag: two enrolments for a class's last place
/// cannot both get it. Beside them, keyed indexes: every group ("all") and each retiree's groups ("of-{retireeId}"),
/// written before the rows they point to and removed after (a reader drops a pointer to nothing).
/// </summary>
public sealed partial class GroupStore(StorageAccount storage)
{
    private const string GroupRow = "group", AllPartition = "all";

    public static bool IsId(string id) => IdPattern().IsMatch(id);
    public static bool IsRetireeId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    private static string MemberRow(string retireeId) => "m-" + retireeId;
    private static string GroupsOf(string retireeId) => "of-" + retireeId;
    private static string YearPrefix(int year) => "mt-" + year.ToString("D4", CultureInfo.InvariantCulture) + "-";
    private static string MeetingRow(Meeting m) => YearPrefix(m.Date.Year) + m.Date.ToString("MMdd", CultureInfo.InvariantCulture) + "-" + m.Id;

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Groups, ct);

    public async Task CreateAsync(Group g, CancellationToken ct)
    {
        var table = await Table(ct);
        await table.UpsertEntityAsync(new TableEntity(AllPartition, g.Id), TableUpdateMode.Replace, ct);
        await table.AddEntityAsync(Rows.Write(g.Id, GroupRow, g), ct);
    }

    public async Task<(Group Group, ETag ETag)?> GetAsync(string id, CancellationToken ct) =>
        IsId(id) ? await Rows.GetAsync<Group>(await Table(ct), id, GroupRow, ct) : null;

    /// <summary>Every group (an office has tens): the index partition, then a point read each.</summary>
    public async Task<IReadOnlyList<Group>> ListAsync(CancellationToken ct)
    {
        var table = await Table(ct);
        var ids = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == AllPartition, select: ["RowKey"], cancellationToken: ct)) ids.Add(e.RowKey);
        var found = await Task.WhenAll(ids.Select(id => GetAsync(id, ct)));
        return found.OfType<(Group Group, ETag ETag)>().Select(f => f.Group).ToList();
    }

    /// <summary>Replaces the group if nobody changed it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<bool> TrySaveAsync(Group g, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Rows.Write(g.Id, GroupRow, g), etag, TableUpdateMode.Replace, ct); return true; }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    public async Task<(Member Member, ETag ETag)?> GetMemberAsync(string groupId, string retireeId, CancellationToken ct) =>
        IsId(groupId) && IsRetireeId(retireeId) ? await Rows.GetAsync<Member>(await Table(ct), groupId, MemberRow(retireeId), ct) : null;

    public async Task<IReadOnlyList<Member>> MembersAsync(string groupId, CancellationToken ct)
    {
        var list = new List<Member>();
        if (!IsId(groupId)) return list;
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {groupId} and RowKey ge {"m-"} and RowKey lt {"m."}");
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(query, cancellationToken: ct)) list.Add(Rows.Read<Member>(e));
        return list;
    }

    /// <summary>Adds a member and counts them, all or nothing under the group's ETag. False when anyone wrote first.</summary>
    public async Task<bool> TryJoinAsync(Group after, ETag etag, Member m, CancellationToken ct)
    {
        var table = await Table(ct);
        await table.UpsertEntityAsync(new TableEntity(GroupsOf(m.RetireeId), after.Id), TableUpdateMode.Replace, ct);
        return await TryCommitAsync(table, [
            new(TableTransactionActionType.UpdateReplace, Rows.Write(after.Id, GroupRow, after), etag),
            new(TableTransactionActionType.Add, Rows.Write(after.Id, MemberRow(m.RetireeId), m)),
        ], ct);
    }

    /// <summary>Removes a member and counts them out, under the group's ETag; then their pointer.</summary>
    public async Task<bool> TryLeaveAsync(Group after, ETag etag, string retireeId, CancellationToken ct)
    {
        var table = await Table(ct);
        if (!await TryCommitAsync(table, [
            new(TableTransactionActionType.UpdateReplace, Rows.Write(after.Id, GroupRow, after), etag),
            new(TableTransactionActionType.Delete, new TableEntity(after.Id, MemberRow(retireeId)), ETag.All),
        ], ct)) return false;
        await Rows.DeleteIfExistsAsync(table, GroupsOf(retireeId), after.Id, ct);
        return true;
    }

    public async Task<bool> TrySaveMemberAsync(string groupId, Member m, ETag etag, CancellationToken ct)
    {
        try { await (await Table(ct)).UpdateEntityAsync(Rows.Write(groupId, MemberRow(m.RetireeId), m), etag, TableUpdateMode.Replace, ct); return true; }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    /// <summary>The ids of the groups a retiree is in (one partition); the caller checks each membership.</summary>
    public async Task<IReadOnlyList<string>> GroupIdsOfAsync(string retireeId, CancellationToken ct)
    {
        var list = new List<string>();
        if (!IsRetireeId(retireeId)) return list;
        var pk = GroupsOf(retireeId);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == pk, select: ["RowKey"], cancellationToken: ct)) list.Add(e.RowKey);
        return list;
    }

    public async Task AddMeetingAsync(string groupId, Meeting m, CancellationToken ct)
    {
        var row = Rows.Write(groupId, MeetingRow(m), m);
        row["Id"] = m.Id;
        await (await Table(ct)).AddEntityAsync(row, ct);
    }

    /// <summary>A year's meetings of a group (by the day they were held), oldest first.</summary>
    public async Task<IReadOnlyList<Meeting>> MeetingsAsync(string groupId, int year, CancellationToken ct)
    {
        var list = new List<Meeting>();
        if (!IsId(groupId)) return list;
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {groupId} and RowKey ge {YearPrefix(year)} and RowKey lt {YearPrefix(year + 1)}");
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(query, cancellationToken: ct)) list.Add(Rows.Read<Meeting>(e));
        return list.OrderBy(m => m.Date).ThenBy(m => m.RecordedAt).ToList();
    }

    /// <summary>Deletes a meeting recorded by mistake; null when there is none with this id.</summary>
    public async Task<Meeting?> DeleteMeetingAsync(string groupId, string meetingId, CancellationToken ct)
    {
        var table = await Table(ct);
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {groupId} and RowKey ge {"mt-"} and RowKey lt {"mt."} and Id eq {meetingId}");
        await foreach (var e in table.QueryAsync<TableEntity>(query, cancellationToken: ct))
        {
            await Rows.DeleteIfExistsAsync(table, groupId, e.RowKey, ct);
            return Rows.Read<Meeting>(e);
        }
        return null;
    }

    private static async Task<bool> TryCommitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        try { await table.SubmitTransactionAsync(actions, ct); return true; }
        catch (TableTransactionFailedException x) when (Optimistic.IsConflict(x) || x.Status == 404) { return false; }
    }

    [GeneratedRegex("^g[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
