using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Azure.Data.Tables;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>The live tally of a mass check-in.</summary>
public sealed record MassTally(int Total, int Answered, int Well, int Unwell, int NeedHelp, int NotYet, int Missed, int Undelivered, int Calls);

/// <summary>
/// One check-in now to a segment of the registry (heatwave, typhoon, cold snap). Each is an ordinary check-in
/// in the mass check-in's own partition, so answers, misses and escalation work as for the daily ones, and the
/// tally is one partition read. It runs as a job: the request stores the recipients in chunks (partition
/// "massjob-{id}") and a due item, sends the first chunk itself, and the sweep sends the rest minute by minute
/// within a time budget. A chunk is marked done after its check-ins are sent, and sending one is idempotent (the
/// check-in is added only if new, its SMS keyed by its id), so a crash or a second runner repeats work, never SMS.
/// People SMS cannot reach (a plan on the call channel — STOP, landline, can't read — or no mobile) get a call task
/// for their volunteer instead, never an SMS they refused or cannot receive; those the filter matched but who are
/// not checked on (not active, no SMS consent) are counted by reason on the record.
/// </summary>
public sealed class MassCheckIns(
    RegistryIndex index, RetireeStore retirees, CheckInStore checkIns, CarePlanStore plans, CheckInSweep sweep, CallTasks calls, StorageAccount storage, OfficeClock clock,
    CheckInsOptions settings,
    ILogger<MassCheckIns> log)
{
    public const int MaxRecipients = 10_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);
    private int ChunkSize => settings.MassChunkSize;

    /// <summary>Mass check-in ids sort by creation time.</summary>
    public static string IdPrefix(DateTimeOffset utc) => "M" + utc.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Who the filter matches and will be checked on, and why the others are left out.</summary>
    public (IReadOnlyList<RetireeSummary> Segment, IReadOnlyDictionary<string, int> LeftOut) Segment(RetireeFilter filter, Caller caller)
    {
        var matched = filter.Apply(index.All, caller, clock.Today).Where(s => s.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived)).ToList();
        static string? Why(RetireeSummary s) => s.Status != RetireeStatus.Active ? s.Status.ToString().ToLowerInvariant() : !s.SmsConsent ? "noSmsConsent" : null;
        var leftOut = matched.Select(Why).OfType<string>().GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        return (matched.Where(s => Why(s) is null).ToList(), leftOut);
    }

    internal sealed record MassChunk(IReadOnlyList<string> RetireeIds, bool Done);

    private static string JobPartition(string massId) => "massjob-" + massId;

    public async Task<MassCheckIn> StartAsync(string reason, IReadOnlyList<RetireeSummary> segment, IReadOnlyDictionary<string, int> leftOut, int windowMinutes, Caller caller, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var mass = new MassCheckIn
        {
            Id = IdPrefix(now) + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), Reason = reason, CreatedAt = now, CreatedBy = caller.Email,
            Count = segment.Count, WindowEndsAt = now + TimeSpan.FromMinutes(windowMinutes), LeftOut = leftOut,
        };
        // The job first, then the mass (what people see), then the due item that makes the sweep run it.
        var table = await storage.TableAsync(StorageNames.CheckIns, ct);
        var chunks = segment.Select(s => s.Id).Chunk(ChunkSize)
            .Select((ids, n) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Rows.Write(JobPartition(mass.Id), $"c{n:D5}", new MassChunk(ids, false))));
        foreach (var batch in chunks.Chunk(100)) await table.SubmitTransactionAsync(batch, ct);
        await checkIns.SaveMassAsync(mass, ct);
        await checkIns.AddRecentMassAsync(mass, ct);
        var job = new DueItem(DueItem.Mass, mass.Id, now);
        await checkIns.AddDueAsync(job, ct);
        // The first chunk at once (a small segment is done before the answer); the sweep continues the rest.
        await ContinueAsync(job, maxChunks: 1, ct);
        return mass;
    }

    /// <summary>Sends the chunks not yet done (all of them, or <paramref name="maxChunks"/>, within the time budget); true when the job is finished.</summary>
    public async Task<bool> ContinueAsync(DueItem job, int maxChunks, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var table = await storage.TableAsync(StorageNames.CheckIns, ct);
        var mass = await checkIns.GetMassAsync(job.Ref, ct);
        var open = new List<(TableEntity Row, MassChunk Chunk)>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == JobPartition(job.Ref), cancellationToken: ct))
            if (Rows.Read<MassChunk>(e) is { Done: false } chunk) open.Add((e, chunk));
        if (mass is null)
        {
            // The request died before the mass was stored: nobody saw it start, so nothing is sent.
            if (clock.UtcNow - job.Due > TimeSpan.FromMinutes(10)) await checkIns.RemoveDueAsync(job, ct);
            return false;
        }
        var window = mass.WindowEndsAt - mass.CreatedAt;
        var partition = CheckInStore.MassPartition(mass.Id);
        var done = 0;
        foreach (var (row, chunk) in open)
        {
            if (done >= maxChunks || watch.Elapsed > Budget) break;
            var now = clock.UtcNow;
            await Parallel.ForEachAsync(chunk.RetireeIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (id, token) =>
            {
                if ((await retirees.GetAsync(id, token))?.Retiree is not { } retiree) return;
                var checkIn = CheckInSweep.NewCheckIn(CheckInStore.IdOf(partition, retiree.Id), retiree, now, (int)window.TotalMinutes, mass.Id);
                var plan = (await plans.GetAsync(retiree.Id, token))?.Plan;
                if (plan?.Channel == CareChannel.Call || string.IsNullOrWhiteSpace(retiree.Profile.Mobile)) await calls.SendAsync(checkIn, retiree, token);
                else await sweep.SendCheckInAsync(checkIn, retiree, token);
            });
            await table.UpsertEntityAsync(Rows.Write(row.PartitionKey, row.RowKey, chunk with { Done = true }), TableUpdateMode.Replace, ct);
            done++;
        }
        if (done < open.Count) return false;
        await checkIns.RemoveDueAsync(job, ct);
        log.LogInformation("Mass check-in {Id}: all {Count} sent", mass.Id, mass.Count);
        return true;
    }

    public async Task<MassTally> TallyAsync(string massId, CancellationToken ct)
    {
        var all = await checkIns.ListAsync(CheckInStore.MassPartition(massId), ct);
        return new MassTally(
            all.Count,
            all.Count(c => c.Status == CheckInStatus.Answered),
            all.Count(c => c.Answer == ReplyKind.Well),
            all.Count(c => c.Answer == ReplyKind.Unwell),
            all.Count(c => c.Answer == ReplyKind.Help),
            all.Count(c => c.Status == CheckInStatus.Sent),
            all.Count(c => c.Status == CheckInStatus.Missed),
            all.Count(c => c.Status == CheckInStatus.Undelivered),
            all.Count(c => c.Channel == CareChannel.Call));
    }
}
