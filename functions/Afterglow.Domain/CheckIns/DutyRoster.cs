namespace Afterglow.Domain.CheckIns;

/// <summary>A weekly shift in office time; one that ends at or before its start runs past midnight.</summary>
public sealed record Shift(DayOfWeek Day, TimeOnly Start, TimeOnly End, string PersonId);

/// <summary>A one-off change to the rotation (holiday, sick leave, swap), in UTC.</summary>
public sealed record RosterOverride(DateTimeOffset From, DateTimeOffset To, string PersonId, string? Note = null);

/// <summary>A volunteer's absence (inclusive days): an away volunteer is skipped and the backup is asked.</summary>
public sealed record AwayPeriod(DateOnly From, DateOnly To, string? Note = null);

/// <summary>Who is on duty when: a weekly rotation plus overrides. Overrides win while they last.</summary>
public sealed record DutyRoster
{
    public IReadOnlyList<Shift> Weekly { get; set; } = [];
    public IReadOnlyList<RosterOverride> Overrides { get; set; } = [];

    public IReadOnlyList<string> OnDuty(DateTimeOffset utc, TimeZoneInfo zone)
    {
        var overriding = Overrides.Where(o => o.From <= utc && utc < o.To).Select(o => o.PersonId).Distinct().ToList();
        if (overriding.Count > 0) return overriding;
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var day = local.DayOfWeek;
        var time = TimeOnly.FromDateTime(local.DateTime);
        var yesterday = (DayOfWeek)(((int)day + 6) % 7);
        return Weekly.Where(s =>
                s.End > s.Start ? s.Day == day && time >= s.Start && time < s.End
                : (s.Day == day && time >= s.Start) || (s.Day == yesterday && time < s.End))
            .Select(s => s.PersonId).Distinct().ToList();
    }

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (Weekly is null) errors.Add(("weekly", "Required (may be empty)."));
        else if (Weekly.Count > 200) errors.Add(("weekly", "At most 200 shifts."));
        if (Overrides is null) errors.Add(("overrides", "Required (may be empty)."));
        else
        {
            if (Overrides.Count > 200) errors.Add(("overrides", "At most 200 overrides."));
            for (var i = 0; i < Overrides.Count; i++)
                if (Overrides[i] is { } o && o.To <= o.From) errors.Add(($"overrides[{i}].to", "Ends after it starts."));
        }
        return errors;
    }
}

public static class AwayPeriods
{
    public static bool IsAway(IEnumerable<AwayPeriod> periods, DateOnly day) => periods.Any(p => p.From <= day && day <= p.To);
}
