using Afterglow.App.Auth;
using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;
using Azure;

namespace Afterglow.App.AgeBands;

/// <summary>
/// Every night: retirees who crossed into a new age band (70/80/85/90) get their band and tier recomputed,
/// with the reason in the audit trail. It compares every summary with today's band, so a skipped night is
/// caught up the next one, and a second run changes nothing.
/// </summary>
public sealed class NightlyAgeBands(RegistryIndex index, RetireeStore store, OfficeClock clock, ILogger<NightlyAgeBands> log) : ITimerJob
{
    public static string FunctionName => "NightlyAgeBands";

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var today = clock.Today;
        var due = index.All
            .Where(s => s.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            .Where(s => RiskAssessment.BandOn(s.BirthDate, today) != s.AgeBand)
            .ToList();
        var moved = 0;
        foreach (var s in due)
        {
            var found = await store.GetAsync(s.Id, ct);
            if (found is null) continue;
            var band = RiskAssessment.BandOn(found.Value.Retiree.Profile.BirthDate, today);
            var result = await store.ReplaceAsync(s.Id, found.Value.Retiree.Profile, found.Value.ETag, Caller.System,
                $"retiree.ageBand: {s.AgeBand} → {band} (birthday)", ct);
            // A concurrent edit already rewrote the summary with today's band; nothing more to do.
            if (result.Outcome == WriteOutcome.Ok) moved++;
        }
        log.LogInformation("Age bands: {Moved} of {Due} moved (past due: {PastDue})", moved, due.Count, invocation.IsPastDue);
        return $"Moved {moved} retirees into a new age band.";
    }
}
