using Afterglow.App.Auth;
using Afterglow.App.Problems;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Retirees;

/// <summary>
/// The registry's filters, shared by lists, exports and (later) segments. A volunteer's view is always
/// narrowed to the retirees paired with them.
/// </summary>
public sealed record RetireeFilter
{
    public RiskTier? Tier { get; init; }
    public RetireeStatus? Status { get; init; }
    public AgeBand? AgeBand { get; init; }
    /// <summary>Several bands at once ("70+" is four); a retiree in any of them matches.</summary>
    public IReadOnlyList<AgeBand>? AgeBands { get; init; }
    public RetirementType? RetirementType { get; init; }
    public string? Unit { get; init; }
    public string? Branch { get; init; }
    public string? City { get; init; }
    public string? Area { get; init; }
    public string? VolunteerId { get; init; }
    public bool? LivesAlone { get; init; }
    public bool? LivesElsewhere { get; init; }
    public string? Group { get; init; }
    /// <summary>A group of the Groups page (党支部, class, interest group) by id: its members (<see cref="IGroupMembers"/>).</summary>
    public string? GroupId { get; init; }
    /// <summary>The members of <see cref="GroupId"/>, filled in by <see cref="IGroupMembers"/>; unfilled, the group matches nobody.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlySet<string>? GroupMembers { get; init; }
    /// <summary>Name (any substring, Chinese included), phone digits, or ID number.</summary>
    public string? Q { get; init; }

    public static (RetireeFilter Filter, FieldErrors Errors) FromQuery(IQueryCollection q)
    {
        var errors = new FieldErrors();
        var filter = new RetireeFilter
        {
            Tier = EnumOf<RiskTier>(q, "tier", errors),
            Status = EnumOf<RetireeStatus>(q, "status", errors),
            AgeBand = EnumOf<AgeBand>(q, "ageBand", errors),
            AgeBands = EnumsOf<AgeBand>(q, "ageBands", errors),
            RetirementType = EnumOf<RetirementType>(q, "retirementType", errors),
            Unit = Str(q, "unit"),
            Branch = Str(q, "branch"),
            City = Str(q, "city"),
            Area = Str(q, "area"),
            VolunteerId = Str(q, "volunteerId"),
            LivesAlone = BoolOf(q, "livesAlone", errors),
            LivesElsewhere = BoolOf(q, "livesElsewhere", errors),
            Group = Str(q, "group"),
            GroupId = Str(q, "groupId"),
            Q = Str(q, "q"),
        };
        return (filter, errors);
    }

    public IEnumerable<RetireeSummary> Apply(IEnumerable<RetireeSummary> all, Caller caller, DateOnly today)
    {
        var digits = Q is null ? "" : new string(PhoneNumberRules.ToHalfWidth(Q).Where(char.IsAsciiDigit).ToArray());
        var term = Q is null ? null : PhoneNumberRules.ToHalfWidth(Q).Trim();
        return all.Where(s =>
            caller.MaySee(s.VolunteerIds) &&
            (Tier is null || s.Tier == Tier) &&
            (Status is null || s.Status == Status) &&
            (AgeBand is null || RiskAssessment.BandOn(s.BirthDate, today) == AgeBand) &&
            (AgeBands is not { Count: > 0 } || AgeBands.Contains(RiskAssessment.BandOn(s.BirthDate, today))) &&
            (RetirementType is null || s.RetirementType == RetirementType) &&
            (Unit is null || s.Unit == Unit) &&
            (Branch is null || s.PartyBranch == Branch) &&
            (City is null || s.City == City) &&
            (Area is null || s.Area == Area) &&
            (VolunteerId is null || s.VolunteerIds.Contains(VolunteerId)) &&
            (LivesAlone is null || s.LivesAlone == LivesAlone) &&
            (LivesElsewhere is null || s.LivesElsewhere == LivesElsewhere) &&
            (Group is null || s.Groups.Contains(Group)) &&
            (GroupId is null || (GroupMembers?.Contains(s.Id) ?? false)) &&
            (term is null || Matches(s, term, digits)));
    }

    private static bool Matches(RetireeSummary s, string term, string digits) =>
        s.Name.Contains(term, StringComparison.OrdinalIgnoreCase) ||
        (s.IdNumber is not null && s.IdNumber.StartsWith(term, StringComparison.OrdinalIgnoreCase)) ||
        (digits.Length >= 4 && (s.Mobile.Contains(digits, StringComparison.Ordinal) || (s.Landline?.Contains(digits, StringComparison.Ordinal) ?? false)));

    private static string? Str(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

    private static T? EnumOf<T>(IQueryCollection q, string name, FieldErrors errors) where T : struct, Enum
    {
        var s = Str(q, name);
        if (s is null) return null;
        if (Enum.TryParse<T>(s, ignoreCase: true, out var v) && !int.TryParse(s, out _)) return v;
        errors.Add(name, $"Use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
        return null;
    }

    /// <summary>"a,b" (or the name repeated): each one of the enum's values.</summary>
    private static IReadOnlyList<T>? EnumsOf<T>(IQueryCollection q, string name, FieldErrors errors) where T : struct, Enum
    {
        if (!q.TryGetValue(name, out var values)) return null;
        var list = new List<T>();
        foreach (var part in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (Enum.TryParse<T>(part, ignoreCase: true, out var v) && !int.TryParse(part, out _)) list.Add(v);
            else { errors.Add(name, $"Use one or more of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."); return null; }
        }
        return list.Count == 0 ? null : list;
    }

    private static bool? BoolOf(IQueryCollection q, string name, FieldErrors errors)
    {
        var s = Str(q, name);
        if (s is null) return null;
        if (bool.TryParse(s, out var b)) return b;
        errors.Add(name, "Use true or false.");
        return null;
    }
}

/// <summary>Fills in a filter's group members (the Groups feature answers; the registry does not know groups).</summary>
public interface IGroupMembers
{
    Task<RetireeFilter> ResolveAsync(RetireeFilter filter, CancellationToken ct);
}
