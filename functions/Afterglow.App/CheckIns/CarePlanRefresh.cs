using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;

namespace Afterglow.App.CheckIns;

/// <summary>
/// Hourly: gives new retirees a plan derived from their tier, follows tier changes on plans nobody adjusted,
/// stops plans of the deceased, archived and opted-out and resumes them when that changes, and asks new
/// emergency contacts for consent. It reads the registry index (in memory) and the plans — maintenance, not
/// the minute sweep — and full profiles only of retirees changed since its last run.
/// </summary>
public sealed class CarePlanRefresh(
    RegistryIndex index, RetireeStore retirees, CarePlanStore plans, CarePlanner planner, CareFamilyNotes family, CheckInStore checkIns,
    OfficeClock clock, ILogger<CarePlanRefresh> log) : ITimerJob
{
    public static string FunctionName => "CarePlanRefresh";

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var started = clock.UtcNow;
        var since = (await checkIns.GetMetaAsync<RefreshMark>("refresh", ct))?.At ?? DateTimeOffset.MinValue;
        var existing = (await plans.ListAsync(ct)).ToDictionary(p => p.RetireeId, StringComparer.Ordinal);
        int created = 0, changed = 0, asked = 0;
        foreach (var s in index.All.ToList())
        {
            existing.TryGetValue(s.Id, out var plan);
            var needsPlanChange = Decide(plan, s, null, clock.Today, clock.UtcNow) is not null;
            if (!needsPlanChange && s.UpdatedAt < since) continue;
            var retiree = (await retirees.GetAsync(s.Id, ct))?.Retiree;
            if (retiree is null) continue;
            if (needsPlanChange)
            {
                var preferred = retiree.Profile.PreferredCheckInTime;
                var today = clock.Today;
                // Decided again on the row as it is now: a coordinator's edit in between is kept.
                await planner.UpdateAsync(s.Id, current => Decide(current, s, preferred, today, clock.UtcNow) ?? current!, ct);
                if (plan is null) created++; else changed++;
            }
            asked += await family.AskConsentAsync(retiree, ct);
        }
        await checkIns.SaveMetaAsync("refresh", new RefreshMark(started - TimeSpan.FromMinutes(5)), ct);
        log.LogInformation("Care plans: {Created} created, {Changed} changed, {Asked} contacts asked for consent", created, changed, asked);
        return $"{created} care plans created, {changed} changed, {asked} contacts asked for consent.";
    }

    /// <summary>The plan this retiree should have now, or null when the current one is right.</summary>
    public static CarePlan? Decide(CarePlan? plan, RetireeSummary s, TimeOnly? preferred, DateOnly today, DateTimeOffset now)
    {
        var stop = CarePlans.StopReasonFor(s.Status, s.SmsConsent);
        if (plan is null) return stop is null ? CarePlans.Derive(s.Id, s.Tier, preferred, today, !string.IsNullOrEmpty(s.Mobile)) : null;
        if (stop is not null) return plan.State == PlanState.Active ? plan with { State = PlanState.Stopped, StopReason = stop } : null;
        // Stopped by the engine (not by a coordinator) and the reason is gone, e.g. an archived record restored.
        if (plan.State == PlanState.Stopped) return plan.StopReason != "manual" ? plan with { State = PlanState.Active, StopReason = null } : null;
        if (!plan.Custom && plan.Cadence != CarePlans.CadenceFor(s.Tier)) return plan with { Cadence = CarePlans.CadenceFor(s.Tier) };
        // No next check-in, or one long past whose due item was lost: schedule again.
        if (plan.Cadence != Cadence.None && (plan.NextDueUtc is null || plan.NextDueUtc < now - TimeSpan.FromHours(12))) return plan;
        return null;
    }

    internal sealed record RefreshMark(DateTimeOffset At);
}
