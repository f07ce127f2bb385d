using Afterglow.App.Storage;

namespace Afterglow.App.Sms;

/// <summary>What is waiting to be sent: the shared due index (Storage/DueIndex), keyed by message id.</summary>
public sealed partial class OutboxStore
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromDays(7);

    private DueIndex Due => _due ??= new DueIndex(Table, CatchUp);
    private DueIndex? _due;

    public Task AddDueAsync(string id, DateTimeOffset at, CancellationToken ct) => Due.AddAsync(id, at, ct);

    public Task AddDueManyAsync(IReadOnlyList<(string Id, DateTimeOffset At)> items, CancellationToken ct) => Due.AddManyAsync(items, ct);

    /// <summary>Ids due up to <paramref name="now"/> with the minute partition they are filed under: one range query.</summary>
    public async Task<IReadOnlyList<(string Id, string Slot)>> DueAsync(DateTimeOffset now, CancellationToken ct) =>
        (await Due.DueAsync(now, ct)).Select(r => (r.Key, r.Partition)).ToList();

    /// <summary>
    /// The unsent message waiting longest, and since when (its first attempt, or the minute it fell due): how far
    /// behind the dispatcher is. Looks past a few rows the dispatcher has not cleared yet (message sent or gone).
    /// </summary>
    public async Task<(SmsMessage Message, DateTimeOffset Since)?> OldestUnsentAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Up to a day ahead: a message being retried is filed under its next attempt, a little in the future.
        (SmsMessage, DateTimeOffset)? oldest = null;
        foreach (var row in await Due.OldestAsync(now, now + TimeSpan.FromDays(1), 20, ct))
        {
            if (await GetAsync(row.Key, ct) is not { Message: { IsFinal: false, State: not SmsState.Sent } m }) continue;
            var since = m.FirstSentAt is { } first && first < row.At ? first : row.At;
            if (since <= now && (oldest is null || since < oldest.Value.Item2)) oldest = (m, since);
        }
        return oldest;
    }

    public Task RemoveDueManyAsync(IReadOnlyList<(string Id, string Slot)> items, CancellationToken ct) => Due.RemoveManyAsync(items, ct);

    /// <summary>Re-files messages: new rows first, then the old ones go (never a moment with no row).</summary>
    public Task MoveDueManyAsync(IReadOnlyList<(string Id, DateTimeOffset At)> add, IReadOnlyList<(string Id, string Slot)> remove, CancellationToken ct) =>
        Due.MoveManyAsync(add, remove, ct);
}
