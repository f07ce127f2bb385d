using Afterglow.App.CheckIns;
using Afterglow.App.Sms;
using Afterglow.App.Storage;

namespace Afterglow.App.Health;

/// <summary>One reason the engine is not doing its work: a stable code and a sentence for people.</summary>
public sealed record HealthProblem(string Code, string Detail);

/// <summary>
/// Is the engine doing its work? Storage answers; the check-in sweep completed lately and has no work left
/// behind; no open incident's next step is overdue; the oldest unsent SMS is not too old. Each check reads a
/// handful of rows (the heartbeat, the open-incident index, the oldest due rows), never the history.
/// </summary>
public sealed class EngineHealth(StorageAccount storage, CheckInStore checkIns, IncidentStore incidents, OutboxStore outbox, HealthOptions options,
    ProcessStart process, TimeProvider time)
{
    // Before the first sweep of a fresh process, give it the same grace as a late one.
    private readonly DateTimeOffset _startedAt = process.At;

    public async Task<(bool Tables, bool Blobs, IReadOnlyList<HealthProblem> Problems)> CheckAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.StorageTimeout);
        // The probes and the engine's reads at once: one wait for storage, not two (a cold start's first check pays
        // each wait in full). The engine's answer counts only when both probes answered.
        var tables = Probe(async t => { await foreach (var _ in storage.TableService.QueryAsync(maxPerPage: 1, cancellationToken: t).AsPages(pageSizeHint: 1)) break; }, cts.Token);
        var blobs = Probe(async t => await storage.BlobService.GetPropertiesAsync(t), cts.Token);
        var now = time.GetUtcNow();
        var engine = Task.WhenAll(SweepAsync(now, cts.Token), EscalationAsync(now, cts.Token), OutboxAsync(now, cts.Token));
        var problems = new List<HealthProblem>();
        if (!await tables) problems.Add(new("storage", "Table storage is not reachable."));
        if (!await blobs) problems.Add(new("storage", "Blob storage is not reachable."));
        if (problems.Count > 0)
        {
            // Storage is down: the engine's reads would only fail too. Stop them, and let their failure go unseen.
            await cts.CancelAsync();
            await engine.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return (await tables, await blobs, problems);
        }
        try
        {
            return (true, true, (await engine).SelectMany(c => c).ToList());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Storage answered the probe but not the engine's own reads in time: as good as down for a care desk, and
            // said so (503 naming storage), not an error page (it was a 500 under a loaded storage emulator).
            return (true, true, [new("storage", $"Storage took over {options.StorageTimeout.TotalSeconds:0.#} s to answer the engine's checks.")]);
        }
    }

    private async Task<IEnumerable<HealthProblem>> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var list = new List<HealthProblem>();
        var beat = await checkIns.GetHeartbeatAsync(ct);
        var last = beat?.LastRunAt > _startedAt ? beat.LastRunAt : _startedAt;
        if (now - last > options.SweepStaleAfter)
            list.Add(new("sweep", beat is null ? $"The check-in sweep has not completed since the app started {Minutes(now - _startedAt)} ago."
                : $"The check-in sweep last completed {Minutes(now - beat.LastRunAt)} ago."));
        // Work the sweep keeps failing on stays filed: the oldest row says how far behind it is.
        if (await checkIns.OldestDueAsync(now, ct) is { } oldest && now - oldest.At > options.SweepStaleAfter)
            list.Add(new("sweep", $"Check-in work due {Minutes(now - oldest.At)} ago is not done."));
        return list;
    }

    /// <summary>
    /// A step is overdue when its time passed and the ladder did not move (NextAt), or when it was taken but its
    /// messages did not go out (an unsent step, or an unsent closing message, since it started).
    /// </summary>
    private async Task<IEnumerable<HealthProblem>> EscalationAsync(DateTimeOffset now, CancellationToken ct)
    {
        var late = new List<(string Code, DateTimeOffset Since)>();
        foreach (var s in await incidents.ListOpenAsync(ct))
        {
            if (s.NextAt is { } next && now - next > options.StepOverdueAfter) late.Add((s.Code, next));
            else if (s.Pending && await incidents.GetAsync(s.Id, ct) is var (incident, _) && PendingSince(incident) is { } since && now - since > options.StepOverdueAfter)
                late.Add((s.Code, since));
        }
        if (late.Count == 0) return [];
        var first = late.MinBy(l => l.Since);
        return [new("escalation", $"{late.Count} open incident(s) have an escalation step overdue; incident {first.Code} by {Minutes(now - first.Since)}.")];
    }

    private static DateTimeOffset? PendingSince(Afterglow.Domain.CheckIns.Incident i) =>
        i.Steps.Where(s => !s.Sent).Select(s => (DateTimeOffset?)s.StartedAt).Min()
        ?? (i.Resolution is { } r && !i.ClosingSent ? r.At : null);

    private async Task<IEnumerable<HealthProblem>> OutboxAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (await outbox.OldestUnsentAsync(now, ct) is not var (message, since) || now - since <= options.OutboxStaleAfter) return [];
        return [new("outbox", $"The oldest unsent SMS has waited {Minutes(now - since)} ({message.Attempts} attempt(s){(message.Error is null ? "" : ", last error: " + message.Error)}).")];
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes < 120 ? $"{t.TotalMinutes:0} minutes" : $"{t.TotalHours:0.#} hours";

    private static async Task<bool> Probe(Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try { await call(ct); return true; }
        catch (Exception) { return false; }
    }
}

/// <summary>
/// When the host started, on the app's clock: a hosted service, so it is built at start whatever is built later
/// (the health checks are built on first use).
/// </summary>
public sealed class ProcessStart(TimeProvider time) : IHostedService
{
    public DateTimeOffset At { get; } = time.GetUtcNow();
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
