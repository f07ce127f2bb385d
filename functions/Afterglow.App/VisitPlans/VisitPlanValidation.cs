using Afterglow.App.Messages;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;

namespace Afterglow.App.VisitPlans;

/// <summary>A plan's fields from the body, checked and named as the JSON names them; the segment (if named) is read for its filter.</summary>
public static class VisitPlanValidation
{
    public const int MaxName = 100;
    public const int MaxVisitors = 20;
    public const int MaxFestivals = 12;
    public const int MaxWindowDays = 62;
    public const int MaxNote = 500;

    public static async Task<VisitPlan?> ReadAsync(VisitPlanInput body, VisitPlan template, DateOnly today, PersonStore people, BroadcastStore segments,
        FieldErrors errors, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Name the plan (e.g. 处领导每月走访重点对象).");
        else if (name.Length > MaxName) errors.Add("name", $"At most {MaxName} characters.");

        var visitorIds = body.VisitorIds ?? [];
        if (visitorIds.Count is 0 or > MaxVisitors) errors.Add("visitorIds", $"Choose who visits: 1 to {MaxVisitors} people from People.");
        var known = (await people.ListAsync(ct)).Where(p => p.Active).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(visitorIds.Count, MaxVisitors); i++)
            if (visitorIds[i] is not { } id || !known.Contains(id)) errors.Add($"visitorIds[{i}]", "No active person with this id in People.");
            else if (visitorIds.Take(i).Contains(id)) errors.Add($"visitorIds[{i}]", "This person is listed twice.");

        RetireeFilter? filter = body.Filter;
        if (body.SegmentId is { } segmentId)
        {
            filter = segmentId.Length is 0 or > 64 ? null : (await segments.GetSegmentAsync(segmentId, ct))?.Filter;
            if (filter is null) errors.Add("segmentId", "No such segment.");
        }
        else if (filter is null) errors.Add("filter", "Whom to visit: a segment or a filter ({} is everyone in the office's care).");
        // A volunteer's own scope is no segment: the filter must not name one.
        if (filter?.Q is not null) errors.Add("filter.q", "A plan's segment cannot be a search; use the segment's fields.");

        if (body.Frequency is null) errors.Add("frequency", "How often: monthly, quarterly, halfYearly, yearly or festivals.");
        var festivals = body.Festivals ?? [];
        if (body.Frequency == VisitFrequency.Festivals && festivals.Count is 0 or > MaxFestivals)
            errors.Add("festivals", $"List the festivals' visiting windows: 1 to {MaxFestivals}.");
        else if (body.Frequency != VisitFrequency.Festivals && festivals.Count > 0)
            errors.Add("festivals", "Festival windows are for a plan visited at festivals.");
        for (var i = 0; i < Math.Min(festivals.Count, MaxFestivals); i++)
        {
            var f = festivals[i];
            if (f is null) { errors.Add($"festivals[{i}]", "A festival: name, from, to."); continue; }
            if (string.IsNullOrWhiteSpace(f.Name) || f.Name.Trim().Length > 40) errors.Add($"festivals[{i}].name", "Name the festival (at most 40 characters).");
            if (f.To < f.From) errors.Add($"festivals[{i}].to", "The window ends before it starts.");
            else if (f.To.DayNumber - f.From.DayNumber + 1 > MaxWindowDays) errors.Add($"festivals[{i}].to", $"A window is at most {MaxWindowDays} days.");
            else if (festivals.Take(i).Any(o => o is not null && o.From <= f.To && f.From <= o.To)) errors.Add($"festivals[{i}].from", "Windows must not overlap.");
        }

        var startsOn = body.StartsOn ?? template.StartsOn;
        if (startsOn < today.AddYears(-5) || startsOn > today.AddYears(5)) errors.Add("startsOn", "A day within five years of today.");
        if (body.EndsOn is { } endsOn && endsOn < startsOn) errors.Add("endsOn", "The plan ends before it starts.");
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note?.Length > MaxNote) errors.Add("note", $"At most {MaxNote} characters.");
        if (errors.Any) return null;

        return template with
        {
            Name = name!, VisitorIds = visitorIds.ToList()!, SegmentId = body.SegmentId, Filter = filter!, Frequency = body.Frequency!.Value,
            Festivals = festivals.Select(f => f with { Name = f.Name.Trim() }).OrderBy(f => f.From).ToList(),
            Kinds = (body.Kinds ?? []).Distinct().ToList(), StartsOn = startsOn, EndsOn = body.EndsOn, Note = note,
            Revision = template.Revision + 1,
        };
    }
}
