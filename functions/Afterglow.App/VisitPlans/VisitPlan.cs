using Afterglow.App.Retirees;
using Afterglow.App.Visits;

namespace Afterglow.App.VisitPlans;

/// <summary>How often a plan's visitors must see each retiree of its segment (分级管理).</summary>
public enum VisitFrequency { Monthly, Quarterly, HalfYearly, Yearly, Festivals }

/// <summary>A festival's visiting window (春节, 重阳节 …): the plan's period for festivals; the days move with the lunar calendar, so they are typed.</summary>
public sealed record FestivalWindow(string Name, DateOnly From, DateOnly To);

/// <summary>
/// A visit plan: who visits (people from People), whom (a segment's filter, copied when the plan is saved) and how often.
/// Its tasks are not stored: each period, every retiree of the segment is due until a matching visit is in the visit log.
/// </summary>
public sealed record VisitPlan
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> VisitorIds { get; set; } = [];
    public string? SegmentId { get; init; }
    public RetireeFilter Filter { get; set; } = new();
    public VisitFrequency Frequency { get; init; }
    public IReadOnlyList<FestivalWindow> Festivals { get; set; } = [];
    /// <summary>The kinds of visit that count; none listed means any visit counts.</summary>
    public IReadOnlyList<VisitKind> Kinds { get; set; } = [];
    public DateOnly StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? Note { get; init; }
    public int Revision { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public string ETag => $"\"{Revision}\"";

    /// <summary>Whether a visit in the log does this plan's task for its retiree and period.</summary>
    public bool Counts(Visit v, PlanPeriod period) => v.Date >= period.From && v.Date <= period.To && (Kinds.Count == 0 || Kinds.Contains(v.Kind));
}

/// <summary>The body of POST /api/visitplans and PUT /api/visitplans/{id}.</summary>
public sealed record VisitPlanInput(string? Name, IReadOnlyList<string>? VisitorIds, string? SegmentId, RetireeFilter? Filter, VisitFrequency? Frequency,
    IReadOnlyList<FestivalWindow>? Festivals, IReadOnlyList<VisitKind>? Kinds, DateOnly? StartsOn, DateOnly? EndsOn, string? Note);

public sealed record VisitorDto(string Id, string Name);

public sealed record VisitPlanView(string Id, string Name, IReadOnlyList<VisitorDto> Visitors, string? SegmentId, RetireeFilter Filter,
    VisitFrequency Frequency, IReadOnlyList<FestivalWindow> Festivals, IReadOnlyList<VisitKind> Kinds, DateOnly StartsOn, DateOnly? EndsOn,
    string? Note, bool Active, string CreatedBy, DateTimeOffset CreatedAt);

public static class VisitPlanMapping
{
    public static VisitPlanView ToView(this VisitPlan p, IReadOnlyDictionary<string, string> names, DateOnly today) =>
        new(p.Id, p.Name, p.VisitorIds.Select(id => new VisitorDto(id, names.GetValueOrDefault(id, id))).ToList(), p.SegmentId, p.Filter,
            p.Frequency, p.Festivals, p.Kinds, p.StartsOn, p.EndsOn, p.Note, p.EndsOn is not { } end || end >= today, p.CreatedBy, p.CreatedAt);
}
