using System.Globalization;
using Afterglow.App.CheckIns;
using Azure.Data.Tables;

namespace Afterglow.App.Sms;

/// <summary>
/// The outbox's index by creation time, for the Reports page and the message list: one partition per UTC day
/// ("sent-yyyyMMdd"), rows newest first ("{inverted ticks}-{id}") carrying the recipient. Written before the
/// message, so a crash leaves a row whose message is missing (skipped), never a message the list cannot find.
/// Listing reads the days asked for, newest first, and point-reads messages until it has enough: the work grows
/// with the answer, not with the outbox.
/// </summary>
internal static class RecentSms
{
    private const string Prefix = "sent-";
    private const string Built = "sent-built";
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    private static string Day(DateTimeOffset utc) => Prefix + utc.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    private static string Newest(DateTimeOffset utc) => (DateTimeOffset.MaxValue.UtcTicks - utc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static async Task AddAsync(TableClient table, IReadOnlyList<SmsMessage> messages, CancellationToken ct)
    {
        foreach (var chunk in messages.GroupBy(m => Day(m.CreatedAt)).SelectMany(g => g.Chunk(100)))
            await table.SubmitTransactionAsync(chunk.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(Day(m.CreatedAt), $"{Newest(m.CreatedAt)}-{m.Id}") { ["To"] = m.To, ["Id"] = m.Id })), ct);
    }

    public static async Task<IReadOnlyList<SmsMessage>> ListAsync(TableClient table, DateTimeOffset now, DateTimeOffset since, SmsState? state, string? to, int max,
        Func<string, CancellationToken, Task<SmsMessage?>> get, Func<DateTimeOffset, CancellationToken, Task<IReadOnlyList<SmsMessage>>> scan, CancellationToken ct)
    {
        if (!(await table.GetEntityIfExistsAsync<TableEntity>("meta", Built, cancellationToken: ct)).HasValue)
        {
            // Messages queued before the index existed: indexed once from the old filtered read, then a marker.
            await AddAsync(table, await scan(now - Horizon, ct), ct);
            await table.UpsertEntityAsync(new TableEntity("meta", Built), TableUpdateMode.Replace, ct);
        }
        // The index reaches back a year (its backfill's horizon); the API asks for at most 90 days.
        if (since < now - Horizon) since = now - Horizon;
        var list = new List<SmsMessage>();
        for (var day = now.UtcDateTime.Date; day >= since.UtcDateTime.Date && list.Count < max; day = day.AddDays(-1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Day(new DateTimeOffset(day))} and RowKey le {Newest(since)}");
            if (to is not null) filter += " and " + TableClient.CreateQueryFilter($"To eq {to}");
            var ids = new List<string>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["Id"], maxPerPage: 1000, cancellationToken: ct))
            {
                ids.Add(e.GetString("Id"));
                // Read in pages, so a list of 200 reads about 200 messages, not the whole day.
                if (ids.Count == 100) { await Take(ids); ids.Clear(); if (list.Count >= max) break; }
            }
            if (list.Count < max) await Take(ids);
        }
        return list.Take(max).ToList();

        async Task Take(List<string> ids)
        {
            var found = await Task.WhenAll(ids.Select(id => get(id, ct)));
            list.AddRange(found.OfType<SmsMessage>().Where(m => m.CreatedAt >= since && (state is null || m.State == state)));
        }
    }

    /// <summary>Index days before <paramref name="before"/> (the nightly prune, with the finished messages).</summary>
    public static string PrunableFilter(DateTimeOffset before) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {Day(before)}");
}
