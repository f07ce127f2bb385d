using Afterglow.App.Auth;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.App.Visits;
using Afterglow.Domain.Registry;

namespace Afterglow.App.VisitPlans;

/// <summary>due: the period is running and no matching visit is logged; done: one is; overdue: the last period ended without one.</summary>
public enum PlanTaskState { Overdue, Due, Done }

/// <summary>One retiree to visit under one plan in one period.</summary>
public sealed record PlanTask(string PlanId, string PlanName, string PeriodKey, DateOnly From, DateOnly To, string? Festival,
    string RetireeId, string RetireeName, RiskTier Tier, string Mobile, string? Area, PlanTaskState State,
    string? VisitId, DateOnly? VisitedOn, IReadOnlyList<VisitorDto> Visitors);

public sealed record PlanTaskList(DateOnly On, int Overdue, int Due, int Done, IReadOnlyList<PlanTask> Items, bool Truncated);

/// <summary>
/// The plans' tasks, worked out on each read from the plans, the registry index and the visit log of the periods
/// involved (one read per month): a task is done however its visit was logged — from the task list, the retiree's
/// page or a festival batch. A volunteer gets only their paired retirees' tasks (the filter scopes them).
/// </summary>
public sealed class VisitPlanTasks(VisitPlanStore plans, RegistryIndex index, VisitStore visits, PersonStore people)
{
    public async Task<PlanTaskList> ListAsync(Caller caller, DateOnly on, string? planId, string? visitorId, PlanTaskState? state, int max, CancellationToken ct)
    {
        var chosen = (await plans.ListAsync(ct))
            .Where(p => (planId is null || p.Id == planId) && (visitorId is null || p.VisitorIds.Contains(visitorId))).ToList();
        var periods = chosen.SelectMany(p => new[] { (p, PlanPeriods.Containing(p, on), Current: true), (p, PlanPeriods.LastEnded(p, on), Current: false) })
            .Where(x => x.Item2 is not null).Select(x => (Plan: x.p, Period: x.Item2!, x.Current)).ToList();
        if (periods.Count == 0) return new(on, 0, 0, 0, [], false);

        var read = visits.ListPeriodAsync(periods.Min(x => x.Period.From), periods.Max(x => x.Period.To), null, ct);
        await index.EnsureCurrentAsync(ct);
        var names = await NamesAsync(ct);
        var byRetiree = (await read).ToLookup(v => v.RetireeId, StringComparer.Ordinal);

        var all = new List<PlanTask>();
        foreach (var (plan, period, current) in periods)
        {
            var visitors = plan.VisitorIds.Select(id => new VisitorDto(id, names.GetValueOrDefault(id, id))).ToList();
            foreach (var r in Segment(plan, caller, on))
            {
                // The earliest matching visit: the one that did the task.
                var visit = byRetiree[r.Id].Where(v => plan.Counts(v, period)).MinBy(v => (v.Date, v.RecordedAt));
                var s = visit is not null ? PlanTaskState.Done : current ? PlanTaskState.Due : PlanTaskState.Overdue;
                // A past period's done tasks are history, not work: the list shows only what it left undone.
                if (!current && visit is not null) continue;
                all.Add(new(plan.Id, plan.Name, period.Key, period.From, period.To, period.Festival, r.Id, r.Name, r.Tier, r.Mobile, r.Area, s,
                    visit?.Id, visit?.Date, visitors));
            }
        }
        var shown = all.Where(t => state is null || t.State == state)
            .OrderBy(t => t.State).ThenByDescending(t => t.Tier).ThenBy(t => t.To).ThenBy(t => t.RetireeName, RetireesApi.ByName.Value)
            .ThenBy(t => t.RetireeId, StringComparer.Ordinal).ThenBy(t => t.PlanId, StringComparer.Ordinal).ToList();
        return new(on, all.Count(t => t.State == PlanTaskState.Overdue), all.Count(t => t.State == PlanTaskState.Due),
            all.Count(t => t.State == PlanTaskState.Done), shown.Take(max).ToList(), shown.Count > max);
    }

    /// <summary>The retirees a plan covers that the caller may see: its filter on the registry, in the office's care.</summary>
    public IEnumerable<RetireeSummary> Segment(VisitPlan plan, Caller caller, DateOnly on) =>
        plan.Filter.Apply(index.All, caller, on).Where(r => r.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived));

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken ct) =>
        (await people.ListAsync(ct)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
}
