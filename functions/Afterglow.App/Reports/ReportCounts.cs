using System.Collections.Concurrent;
using System.Globalization;
using Afterglow.App.Office;
using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Reports;

/// <summary>
/// One item (a check-in, an SMS, an incident, a visit) counted under a <see cref="Kind"/> in one <see cref="State"/>
/// on the office day it belongs to. An item is counted once per kind, in its latest state: a state of a higher
/// <see cref="Rank"/> moves it (sent → answered), an equal or lower one is a repeat and changes nothing.
/// </summary>
public sealed record Counted(string Kind, DateOnly Day, string ItemId, string State, int Rank = 0, long Amount = 1);

/// <summary>A kind's counts for one day: items per state, and the sum of their amounts (SMS segments, recipients).</summary>
public sealed record DayCount(DateOnly Day, string Kind, string State, long Items, long Amount);

/// <summary>
/// The reports' aggregates, written as the work happens (DESIGN D2, docs/decisions/0012c-report-aggregates.md).
/// One partition per office month ("2026-12"). In it, counter rows "n|kind|state|shard" with a column per day,
/// and one marker row per counted item "i|kind|item" holding the state it is counted in. The marker and the
/// counters it moves are written in one transaction under their ETags, so a retried or redelivered step finds
/// its marker and counts nothing twice, and a crash leaves either both or neither. Counters are split into a
/// few shards (by item) so a burst of answers does not queue on one row. A report reads the counter rows of its
/// months: rows read grow with months × states, not with the work counted.
/// </summary>
public sealed class ReportCounts(StorageAccount storage, OfficeClock clock)
{
    public const int Shards = 4;
    // Markers already seen in this process: a repeat (a re-indexed incident, a declined update) costs no read.
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.ReportCounts, ct);

    /// <summary>The office day of a moment (check-ins, SMS and incidents are counted on the office's calendar).</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(clock.ToLocal(at).DateTime);

    public static string MonthPartition(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static string MarkerKey(Counted c) => $"i|{c.Kind}|{c.ItemId}";
    private static string CounterKey(string kind, string state, int shard) => $"n|{kind}|{state}|{shard}";
    private static string ItemsColumn(DateOnly day) => $"c{day.Day:D2}";
    private static string AmountColumn(DateOnly day) => $"a{day.Day:D2}";
    private static int ShardOf(string itemId) => (int)((uint)StableHash(itemId) % Shards);

    public Task CountAsync(Counted item, CancellationToken ct) => CountManyAsync([item], ct);

    /// <summary>Counts many items; those of one month and kind go in transactions of up to 64 markers with their counters.</summary>
    public async Task CountManyAsync(IReadOnlyList<Counted> items, CancellationToken ct)
    {
        var fresh = items.Where(i => !_seen.TryGetValue(Seen(i), out var rank) || rank < i.Rank).DistinctBy(i => (i.Kind, i.ItemId)).ToList();
        if (fresh.Count == 0) return;
        var table = await Table(ct);
        foreach (var month in fresh.GroupBy(i => MonthPartition(i.Day)))
            foreach (var chunk in Chunks(month))
            {
                // A batch (a day's sends, a broadcast) is mostly new items: first try without reading their markers;
                // a marker that was there after all fails the transaction (409) and the next attempt reads them.
                var guessNew = chunk.Length > 1;
                await Optimistic.RetryAsync($"Report counts {month.Key}", token =>
                {
                    var guess = guessNew;
                    guessNew = false;
                    return TryCountAsync(table, month.Key, chunk, guess, token);
                }, ct);
            }
        foreach (var i in fresh) Remember(i);
    }

    /// <summary>
    /// Transactions of one kind, within the 100 rows a transaction may hold: the markers, and for each counter a new
    /// state may touch, room for it and for the state an item may leave (at most 64 markers).
    /// </summary>
    private static IEnumerable<Counted[]> Chunks(IEnumerable<Counted> month)
    {
        foreach (var kind in month.GroupBy(i => i.Kind))
        {
            var chunk = new List<Counted>();
            var counters = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in kind)
            {
                var key = CounterKey(item.Kind, item.State, ShardOf(item.ItemId));
                if (chunk.Count == 64 || chunk.Count + 1 + 2 * (counters.Count + (counters.Contains(key) ? 0 : 1)) > 100)
                {
                    yield return [.. chunk];
                    chunk.Clear();
                    counters.Clear();
                }
                chunk.Add(item);
                counters.Add(key);
            }
            if (chunk.Count > 0) yield return [.. chunk];
        }
    }

    /// <summary>
    /// One attempt: read the markers and counters involved, write them back in one transaction. A lost race
    /// (412 on a counter or marker, 409 on a marker another step added) starts the attempt again from the reads.
    /// </summary>
    private static async Task<(bool, bool)> TryCountAsync(TableClient table, string pk, IReadOnlyList<Counted> chunk, bool guessNew, CancellationToken ct)
    {
        var markers = new Dictionary<string, TableEntity?>(StringComparer.Ordinal);
        foreach (var c in chunk) markers[MarkerKey(c)] = guessNew ? null : await GetAsync(table, pk, MarkerKey(c), ct);
        var moves = new List<(Counted Item, TableEntity? Marker)>();
        foreach (var c in chunk)
        {
            var marker = markers[MarkerKey(c)];
            if (marker is null || (marker.GetInt32("Rank") ?? 0) < c.Rank) moves.Add((c, marker));
        }
        if (moves.Count == 0) return (true, true);

        var counters = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        async Task<TableEntity> Counter(string kind, string state, string itemId)
        {
            var key = CounterKey(kind, state, ShardOf(itemId));
            if (!counters.TryGetValue(key, out var row))
                counters[key] = row = await GetAsync(table, pk, key, ct) ?? new TableEntity(pk, key) { ["Kind"] = kind, ["State"] = state };
            return row;
        }
        var actions = new List<TableTransactionAction>();
        foreach (var (c, marker) in moves)
        {
            if (marker is not null)
            {
                // Out of the state it was counted in, on the day it was counted on.
                var day = DateOnly.FromDateTime(marker.GetDateTimeOffset("Day")!.Value.UtcDateTime);
                Add(await Counter(c.Kind, marker.GetString("State"), c.ItemId), day, -1, -(marker.GetInt64("Amount") ?? 0));
            }
            Add(await Counter(c.Kind, c.State, c.ItemId), c.Day, 1, c.Amount);
            var next = new TableEntity(pk, MarkerKey(c))
            {
                ["State"] = c.State, ["Rank"] = c.Rank, ["Amount"] = c.Amount,
                ["Day"] = new DateTimeOffset(c.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            };
            actions.Add(marker is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, marker.ETag));
        }
        foreach (var row in counters.Values)
            actions.Add(row.ETag == default ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, row.ETag));
        await table.SubmitTransactionAsync(actions, ct);
        return (true, true);
    }

    private static void Add(TableEntity row, DateOnly day, long items, long amount)
    {
        row[ItemsColumn(day)] = (row.GetInt64(ItemsColumn(day)) ?? 0) + items;
        row[AmountColumn(day)] = (row.GetInt64(AmountColumn(day)) ?? 0) + amount;
    }

    private static async Task<TableEntity?> GetAsync(TableClient table, string pk, string rk, CancellationToken ct)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The counts of every kind from <paramref name="from"/> to <paramref name="to"/> (inclusive): one query over the
    /// months' counter rows (a RowKey range, so the markers beside them are never read). Days without work are absent.
    /// </summary>
    public async Task<(IReadOnlyList<DayCount> Days, int RowsRead)> ReadAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var table = await Table(ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {MonthPartition(from)} and PartitionKey le {MonthPartition(to)} and RowKey ge {"n|"} and RowKey lt {"n}"}");
        var sums = new Dictionary<(DateOnly, string, string), (long Items, long Amount)>();
        var rows = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            rows++;
            var month = DateOnly.ParseExact(e.PartitionKey + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (var day = month; day.Month == month.Month; day = day.AddDays(1))
            {
                if (day < from || day > to || e.GetInt64(ItemsColumn(day)) is not { } n) continue;
                var key = (day, e.GetString("Kind"), e.GetString("State"));
                var sum = sums.GetValueOrDefault(key);
                sums[key] = (sum.Items + n, sum.Amount + (e.GetInt64(AmountColumn(day)) ?? 0));
            }
        }
        return (sums.Where(s => s.Value.Items != 0 || s.Value.Amount != 0)
            .Select(s => new DayCount(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value.Items, s.Value.Amount))
            .OrderBy(d => d.Day).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.State, StringComparer.Ordinal).ToList(), rows);
    }

    private static string Seen(Counted c) => $"{c.Kind}|{c.ItemId}|{c.State}";

    private void Remember(Counted c)
    {
        // A bounded memory: forgetting only costs one marker read later.
        if (_seen.Count > 50_000) _seen.Clear();
        _seen[Seen(c)] = c.Rank;
    }

    /// <summary>FNV-1a: the same shard in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableHash(string s)
    {
        var h = 2166136261;
        foreach (var ch in s) h = (h ^ ch) * 16777619;
        return (int)h;
    }
}
