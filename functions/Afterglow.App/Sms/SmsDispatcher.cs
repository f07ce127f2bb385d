using System.Globalization;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Afterglow.App.Telemetry;
using Afterglow.Domain.Registry;
using Azure;

namespace Afterglow.App.Sms;

/// <summary>
/// The one thing that sends SMS. Every minute (and when kicked) it reads what is due, claims each message under
/// its ETag (so two instances never send the same one), sends same-text messages to up to 100 recipients per
/// request within the sender's pace, and records each recipient's result. A claim left by a crashed run expires
/// and the message is sent again with the same repeatability id, which the gateway recognises: never twice.
/// </summary>
public sealed class SmsDispatcher(
    OutboxStore store, ISmsGateway gateway, SmsOptions options, OfficeClock clock, OfficeProfile office, RegistryIndex index, SmsDeliveryReports reports, EngineMetrics metrics, ILogger<SmsDispatcher> log) : ITimerJob
{
    public static string FunctionName => "SmsDispatch";
    public const int MaxRecipients = 100;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        // In one process runs take turns; across instances the ETag claims keep them apart.
        await _oneRun.WaitAsync(ct);
        try { return await DispatchAsync(ct); }
        finally { _oneRun.Release(); }
    }

    private sealed class Tally
    {
        public int Sent, Retried, Failed, Expired, Cancelled, Deferred, Requests;
    }

    private async Task<string> DispatchAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var due = await store.DueAsync(now, ct);
        if (due.Count == 0) { metrics.OutboxSeen(0, TimeSpan.Zero); return "Nothing due."; }
        var tally = new Tally();
        var messages = await LoadAsync(due.Select(d => d.Id).Distinct().ToList(), ct);
        var waiting = messages.Values.Select(v => v.Message).Where(m => !m.IsFinal && m.State != SmsState.Sent && m.NotBefore <= now).ToList();
        metrics.OutboxSeen(waiting.Count, waiting.Count == 0 ? TimeSpan.Zero : now - waiting.Min(m => m.NotBefore));
        var optedOut = await store.OptedOutAsync(ct);
        if (messages.Values.Any(m => m.Message.IsBulk)) await index.EnsureCurrentAsync(ct);

        var remove = new List<(string Id, string Slot)>();
        var finals = new List<(SmsMessage, ETag)>();
        var deferred = new List<(SmsMessage, ETag)>();
        var ready = new List<(SmsMessage Message, ETag ETag)>();
        var unfiled = new List<(string Id, DateTimeOffset At)>();
        foreach (var group in due.GroupBy(d => d.Id))
        {
            if (!messages.TryGetValue(group.Key, out var found))
            {
                // Queueing files the due row before the message: a young row may be a message being written right now.
                // An old one was left by a queuer that crashed (and queues again under a new row when it retries).
                remove.AddRange(group.Where(d => now - DueIndex.MinuteOf(d.Slot) > OrphanGrace));
                continue;
            }
            var (m, etag) = found;
            // The row filed under the message's own minute is the live one; rows left by an earlier deferral go.
            var live = DueIndex.PartitionOf(m.NotBefore);
            remove.AddRange(group.Where(d => d.Slot != live || m.IsFinal || m.State == SmsState.Sent));
            // A run that crashed after moving the message to a new minute but before filing it there: filed now.
            if (!m.IsFinal && m.State != SmsState.Sent && group.All(d => d.Slot != live)) unfiled.Add((m.Id, m.NotBefore));
            if (m.IsFinal || m.State == SmsState.Sent || m.NotBefore > now) continue;
            if (m.State == SmsState.Sending && m.ClaimedUntil > now) continue; // another run is sending it
            var stop = now >= m.ExpiresAt ? (SmsState.Expired, $"Not sent within {options.Expiry.TotalHours:0.#} hours.")
                : optedOut.Contains(m.To) && !m.IgnoreOptOut ? (SmsState.Cancelled, "The number opted out (STOP).")
                : m.IsBulk && BulkBlock(m) is { } reason ? (SmsState.Cancelled, reason)
                : ((SmsState, string)?)null;
            var allowed = m.IgnoreQuietHours ? now : office.QuietHours.NextAllowed(now, clock.Zone);
            if (stop is null && allowed <= now) { ready.Add((m, etag)); continue; }
            // Whatever happens instead replaces the live row: a final state needs none, a deferral files a new one.
            remove.Add((m.Id, live));
            if (stop is { } final)
                finals.Add((m with { State = final.Item1, FinishedAt = now, ClaimedUntil = null, Error = final.Item2 }, etag));
            else
                deferred.Add((m with { NotBefore = allowed, State = SmsState.Pending, ClaimedUntil = null }, etag));
        }

        await store.AddDueManyAsync(unfiled, ct);
        // Sent or finished yet still filed as due: a run crashed after writing it, maybe before counting it.
        await store.CountAsync(messages.Values.Select(v => v.Message).Where(m => m.IsFinal || m.State == SmsState.Sent).ToList(), ct);
        foreach (var (m, _) in await store.TryReplaceManyAsync(finals, ct))
        {
            if (m.State == SmsState.Expired) tally.Expired++; else tally.Cancelled++;
            await TellCareAsync(m, ct);
        }
        var refiled = await DeferAsync(deferred, tally, ct);
        refiled.UnionWith(unfiled.Select(u => (u.Id, DueIndex.PartitionOf(u.At))));

        var batches = ready.GroupBy(r => (r.Message.From, r.Message.Text, r.Message.TemplateId, r.Message.Language)).SelectMany(g => Batches(g.ToList())).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
            async (batch, token) => await SendBatchAsync(batch, now, tally, token));
        // A deferral filed in the same minute it was due under keeps that row.
        await store.RemoveDueManyAsync(remove.Where(r => !refiled.Contains(r)).ToList(), ct);
        await gateway.SettleAsync(ct);
        foreach (var (outcome, count) in new[] { ("sent", tally.Sent), ("retry", tally.Retried), ("failed", tally.Failed), ("expired", tally.Expired), ("cancelled", tally.Cancelled), ("deferred", tally.Deferred) })
            metrics.Dispatched(outcome, count);
        return $"{messages.Count} due: {tally.Sent} sent in {tally.Requests} requests, {tally.Retried} to retry, {tally.Failed} failed, "
            + $"{tally.Expired} expired, {tally.Cancelled} cancelled, {tally.Deferred} held for quiet hours or pacing.";
    }

    private async Task<Dictionary<string, (SmsMessage Message, ETag ETag)>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, (SmsMessage, ETag)>();
        // A broadcast's partition is read whole; scattered care messages are point reads.
        var byPartition = ids.GroupBy(id => id[..id.IndexOf('.', StringComparison.Ordinal)]).ToList();
        await Parallel.ForEachAsync(byPartition, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (group, token) =>
        {
            if (group.Count() > 20)
            {
                var wanted = group.ToHashSet(StringComparer.Ordinal);
                foreach (var item in await store.ListPartitionAsync(group.Key, token))
                    if (wanted.Contains(item.Message.Id)) found[item.Message.Id] = item;
            }
            else
                foreach (var id in group)
                    if (await store.GetAsync(id, token) is { } item) found[id] = item;
        });
        return new(found);
    }

    /// <summary>Why a notice or broadcast may no longer go to this retiree, if it may not.</summary>
    private string? BulkBlock(SmsMessage m)
    {
        if (m.RetireeId is null || index.Find(m.RetireeId) is not { } s) return m.RetireeId is null ? null : "The retiree is no longer in the registry.";
        if (s.Status == RetireeStatus.Deceased) return "The retiree has died.";
        if (s.Status == RetireeStatus.Archived) return "The retiree's record is archived.";
        if (!s.SmsConsent) return "The retiree does not consent to SMS.";
        return s.Mobile == m.To ? null : "The retiree's mobile number changed.";
    }

    /// <summary>Same text, at most 100 recipients, each number once per request.</summary>
    private static IEnumerable<List<(SmsMessage Message, ETag ETag)>> Batches(List<(SmsMessage Message, ETag ETag)> same)
    {
        var rest = same.OrderBy(m => m.Message.CreatedAt).ToList();
        while (rest.Count > 0)
        {
            var phones = new HashSet<string>(StringComparer.Ordinal);
            var batch = new List<(SmsMessage, ETag)>();
            var later = new List<(SmsMessage, ETag)>();
            foreach (var item in rest)
                if (batch.Count < MaxRecipients && phones.Add(item.Message.To)) batch.Add(item);
                else later.Add(item);
            yield return batch;
            rest = later;
        }
    }

    private async Task SendBatchAsync(List<(SmsMessage Message, ETag ETag)> batch, DateTimeOffset now, Tally tally, CancellationToken ct)
    {
        var from = batch[0].Message.From;
        lock (_pausedUntil)
            if (_pausedUntil.TryGetValue(from, out var until) && until > now) { Interlocked.Add(ref tally.Deferred, batch.Count); return; }
        var granted = await store.TakeAsync(from, now, batch.Count, options.RatePerMinute, ct);
        // Over this minute's pace: the rest waits in the outbox for the next run.
        Interlocked.Add(ref tally.Deferred, batch.Count - granted);
        if (granted == 0) return;

        var claims = batch.Take(granted).Select(b => (b.Message with
        {
            State = SmsState.Sending, ClaimedUntil = now + options.Claim, Attempts = b.Message.Attempts + 1, FirstSentAt = b.Message.FirstSentAt ?? now,
        }, b.ETag)).ToList();
        var claimed = await store.TryReplaceManyAsync(claims, ct);
        if (claimed.Count == 0) return;

        var tag = Guid.NewGuid().ToString("N");
        await store.SaveBatchAsync(tag, claimed.ToDictionary(c => c.Message.To, c => c.Message.Id, StringComparer.Ordinal), ct);
        var request = new SmsSendRequest(from, claimed[0].Message.Text,
            claimed.Select(c => new SmsRecipient(c.Message.To, c.Message.RepeatabilityId, c.Message.FirstSentAt!.Value) { Resend = c.Message.Attempts > 1 }).ToList(), tag)
            { Template = new(claimed[0].Message.TemplateId, claimed[0].Message.Language, claimed[0].Message.Parameters) };
        Interlocked.Increment(ref tally.Requests);
        IReadOnlyList<SmsSendResult> results;
        try
        {
            results = await gateway.SendAsync(request, ct);
        }
        catch (RequestFailedException e)
        {
            // The whole request failed (429, 5xx, 401, the network): all of it is retried, with the same repeatability ids.
            var retryAfter = RetryAfter(e);
            if (e.Status == 429)
                lock (_pausedUntil) _pausedUntil[from] = now + (retryAfter ?? Backoff(1));
            log.LogWarning("SMS request to {Count} recipients failed ({Status}): {Message}", claimed.Count, e.Status, e.Message);
            await RecordAsync(claimed.Select(c => (c, Retry(c.Message, now, retryAfter, $"{e.Status}: {e.ErrorCode ?? e.Message}"))).ToList(), tally, ct);
            return;
        }

        var byPhone = results.GroupBy(r => r.To).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        await RecordAsync(claimed.Select(c => (c, byPhone.TryGetValue(c.Message.To, out var r) ? Outcome(c.Message, r, now)
            : Retry(c.Message, now, null, "The gateway did not answer for this recipient."))).ToList(), tally, ct);
    }

    private SmsMessage Outcome(SmsMessage m, SmsSendResult r, DateTimeOffset now)
    {
        if (r.Successful || r.AlreadySent)
            return m with { State = SmsState.Sent, SentAt = m.SentAt ?? now, ProviderMessageId = r.MessageId ?? m.ProviderMessageId, ClaimedUntil = null, Error = null };
        if (r.Transient) return Retry(m, now, null, $"{r.HttpStatusCode}: {r.ErrorMessage}");
        return m with { State = SmsState.Failed, FinishedAt = now, ClaimedUntil = null, Error = $"{r.HttpStatusCode}: {r.ErrorMessage}" };
    }

    private static SmsMessage Retry(SmsMessage m, DateTimeOffset now, TimeSpan? after, string error) =>
        m with { State = SmsState.Pending, ClaimedUntil = null, NotBefore = now + (after ?? Backoff(m.Attempts)), Error = error };

    /// <summary>30 s, 1, 2, 4 … minutes, at most 15.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static TimeSpan? RetryAfter(RequestFailedException e)
    {
        if (e.GetRawResponse() is not { } response || !response.Headers.TryGetValue("Retry-After", out var value)) return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(Math.Max(1, seconds));
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, out var at) ? at - DateTimeOffset.UtcNow : null;
    }

    /// <summary>Writes each result under the claim's ETag; a delivery report that overtook the write is kept.</summary>
    private async Task RecordAsync(IReadOnlyList<((SmsMessage Message, ETag ETag) Claim, SmsMessage Next)> outcomes, Tally tally, CancellationToken ct)
    {
        var written = (await store.TryReplaceManyAsync(outcomes.Select(o => (o.Next, o.Claim.ETag)).ToList(), ct)).Select(w => w.Message.Id).ToHashSet();
        var results = new List<SmsMessage>();
        foreach (var (claim, next) in outcomes)
        {
            var result = written.Contains(next.Id) ? next : await store.UpdateAsync(next.Id, current => current.State == SmsState.Sending && current.Attempts == next.Attempts ? next
                : current.ProviderMessageId is null && next.ProviderMessageId is not null ? current with { ProviderMessageId = next.ProviderMessageId } : null, ct) ?? next;
            results.Add(result);
        }
        foreach (var m in results)
        {
            switch (m.State)
            {
                case SmsState.Sent or SmsState.Delivered: Interlocked.Increment(ref tally.Sent); break;
                case SmsState.Pending: Interlocked.Increment(ref tally.Retried); break;
                case SmsState.Failed: Interlocked.Increment(ref tally.Failed); await TellCareAsync(m, ct); break;
            }
        }
        // A retry is filed under its new minute before the row it was due under goes: a crash between the two
        // leaves a stale row (dropped on the next run), never a pending message with no row.
        var retries = results.Where(m => m.State == SmsState.Pending).Select(m => (m.Id, m.NotBefore)).ToList();
        await store.MoveDueManyAsync(retries, outcomes.Select(o => (o.Claim.Message.Id, DueIndex.PartitionOf(o.Claim.Message.NotBefore))).ToList(), ct);
    }

    /// <summary>The care engine hears of a message that will not arrive; its trouble must not stop the sending of the rest.</summary>
    private async Task TellCareAsync(SmsMessage m, CancellationToken ct)
    {
        try { await reports.OnUndeliveredAsync(m, m.Error ?? m.State.ToString(), ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The check-in's answer window still closes on its own, so a lost notice here delays, never loses, the alarm.
            log.LogError(e, "The care engine could not take the {State} of SMS {Id} ({Key})", m.State, m.Id, m.Key);
        }
    }

    /// <summary>Holds messages to a later minute; returns the due rows filed for them.</summary>
    private async Task<HashSet<(string Id, string Slot)>> DeferAsync(List<(SmsMessage Message, ETag ETag)> deferred, Tally tally, CancellationToken ct)
    {
        // Filed first; a row for a deferral that then loses its race is stale and dropped later.
        await store.AddDueManyAsync(deferred.Select(d => (d.Message.Id, d.Message.NotBefore)).ToList(), ct);
        var written = await store.TryReplaceManyAsync(deferred, ct);
        Interlocked.Add(ref tally.Deferred, written.Count);
        return written.Select(w => (w.Message.Id, DueIndex.PartitionOf(w.Message.NotBefore))).ToHashSet();
    }
}
