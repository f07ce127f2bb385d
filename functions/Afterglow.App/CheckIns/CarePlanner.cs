using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;
using Azure;

namespace Afterglow.App.CheckIns;

/// <summary>Saves care plans with their next check-in scheduled in the due buckets.</summary>
public sealed class CarePlanner(CarePlanStore plans, CheckInStore checkIns, OfficeClock clock, ILogger<CarePlanner> log)
{
    /// <summary>The plan with its next due time from now; a day that already had its check-in is not sent a second.</summary>
    public async Task<CarePlan> ScheduleAsync(CarePlan plan, CancellationToken ct)
    {
        if (plan.State != PlanState.Active) return plan with { NextDueUtc = null };
        var now = clock.UtcNow;
        var next = CheckInSchedule.NextDueUtc(plan, now, clock.Zone);
        if (next is { } n && CheckInSchedule.LocalDay(n, clock.Zone) == clock.Today
            && await checkIns.GetAsync(CheckInStore.IdOf(CheckInStore.DayPartition(clock.Today), plan.RetireeId), ct) is not null)
            next = CheckInSchedule.NextDueUtc(plan, CheckInSchedule.ToUtc(clock.Today, TimeOnly.MaxValue, clock.Zone), clock.Zone);
        return plan with { NextDueUtc = next };
    }

    /// <summary>
    /// Writes the plan under its ETag (default: only if new). The due item is written first: a crash leaves a
    /// stale item the sweep drops, never a plan whose check-in nobody will send.
    /// </summary>
    public async Task<(bool Saved, CarePlan Plan)> TrySaveAsync(CarePlan plan, ETag etag, CancellationToken ct)
    {
        plan = await ScheduleAsync(plan, ct);
        if (plan.NextDueUtc is { } due) await checkIns.AddDueAsync(new DueItem(DueItem.Send, plan.RetireeId, due), ct);
        return (await plans.TrySaveAsync(plan, etag, ct), plan);
    }

    /// <summary>
    /// Plans for retirees just registered or imported, in the same request, so the first check-in is not left to
    /// the hourly refresh. Only-if-new: a plan already there is kept; a crash before this is caught up by the refresh.
    /// </summary>
    public async Task PlanNewAsync(IReadOnlyList<Retiree> created, CancellationToken ct)
    {
        var (today, now) = (clock.Today, clock.UtcNow);
        var decided = created.Select(r => CarePlanRefresh.Decide(null, RetireeSummary.Of(r, today), r.Profile.PreferredCheckInTime, today, now)).OfType<CarePlan>().ToList();
        if (decided.Count == 0) return;
        // The retiree is stored: a failed plan write must not fail the request (and invite a second registration).
        try
        {
            // Written in transactions (an import plans 100 at a time): the due items first, then the plans only-if-new.
            // No look for today's check-in (ScheduleAsync): a retiree without a plan has none — the sweep sends only for a plan.
            var scheduled = decided.Select(p => p.State != PlanState.Active ? p with { NextDueUtc = null } : p with { NextDueUtc = CheckInSchedule.NextDueUtc(p, now, clock.Zone) }).ToList();
            await checkIns.AddDueManyAsync(scheduled.Where(p => p.NextDueUtc is not null).Select(p => new DueItem(DueItem.Send, p.RetireeId, p.NextDueUtc!.Value)).ToList(), ct);
            await plans.AddManyAsync(scheduled, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "No care plan yet for {Count} new retirees; the hourly refresh will make them", decided.Count);
        }
    }

    /// <summary>Re-reads and applies <paramref name="change"/> until the write wins.</summary>
    public Task<CarePlan> UpdateAsync(string retireeId, Func<CarePlan?, CarePlan> change, CancellationToken ct) =>
        Optimistic.RetryAsync($"The care plan of {retireeId}", async token =>
        {
            var found = await plans.GetAsync(retireeId, token);
            return await TrySaveAsync(change(found?.Plan), found?.ETag ?? default, token);
        }, ct);
}
