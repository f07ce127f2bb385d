using Afterglow.App.Problems;

namespace Afterglow.App.Groups;

/// <summary>党支部, 老年大学 class, or 兴趣小组 (an interest group or association).</summary>
public enum GroupType { Branch, Class, Interest }

/// <summary>
/// What a meeting was: a branch's 党员大会 (organisation), 支委会 (committee), 党课 (lecture) and 组织生活会 (review),
/// or any group's activity (a class session, an outing of the choir).
/// </summary>
public enum MeetingKind { Organisation, Committee, Lecture, Review, Activity }

public enum MemberRole { Member, Leader }

/// <summary>A group, its settings, and how many members it has (kept here so a full class is decided under one ETag).</summary>
public sealed record Group
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public GroupType Type { get; init; }
    public string? Note { get; init; }
    /// <summary>A branch's required meetings a year by kind (e.g. 4 organisation, 3 committee, 2 lectures, 1 review).</summary>
    public IReadOnlyDictionary<MeetingKind, int> Required { get; set; } = new Dictionary<MeetingKind, int>();
    /// <summary>A class's term as the office names it ("2026年秋季"), with its dates.</summary>
    public string? Term { get; init; }
    public DateOnly? TermStart { get; init; }
    public DateOnly? TermEnd { get; init; }
    /// <summary>A class's places; a full class refuses the next enrolment (ADR 0017e).</summary>
    public int? Capacity { get; init; }
    public int Members { get; init; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One member of a group (for a class: an enrolment).</summary>
public sealed record Member
{
    public required string RetireeId { get; init; }
    public MemberRole Role { get; init; }
    public DateTimeOffset JoinedAt { get; init; }
    public string AddedBy { get; set; } = "";
    /// <summary>The class's term when they enrolled.</summary>
    public string? Term { get; init; }
}

/// <summary>A meeting that was held: when, what kind, its topic, and who came.</summary>
public sealed record Meeting
{
    public required string Id { get; init; }
    public DateOnly Date { get; init; }
    public MeetingKind Kind { get; init; }
    public required string Topic { get; init; }
    public IReadOnlyList<string> AttendeeIds { get; set; } = [];
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record GroupInput(string? Name, GroupType? Type, string? Note, Dictionary<MeetingKind, int>? Required, string? Term,
    DateOnly? TermStart, DateOnly? TermEnd, int? Capacity);
public sealed record MemberInput(string? RetireeId, MemberRole? Role);
public sealed record RoleInput(MemberRole? Role);
public sealed record MeetingInput(DateOnly? Date, MeetingKind? Kind, string? Topic, List<string>? AttendeeIds);

/// <summary>The year's checklist line for one kind: how many are required and how many were held.</summary>
public sealed record ChecklistLine(MeetingKind Kind, int Required, int Held);

public sealed record GroupView(string Id, string Name, GroupType Type, string? Note, IReadOnlyDictionary<MeetingKind, int> Required, string? Term,
    DateOnly? TermStart, DateOnly? TermEnd, int? Capacity, int Members, bool Full, int Year, int MeetingsHeld, int MeetingsRequired, int HeldTowardsRequired,
    IReadOnlyList<ChecklistLine> Checklist, string CreatedBy, DateTimeOffset CreatedAt);
public sealed record MemberView(string RetireeId, string Name, string? Unit, string Mobile, string Status, MemberRole Role, DateTimeOffset JoinedAt, string? Term);
public sealed record MeetingView(string Id, DateOnly Date, MeetingKind Kind, string Topic, IReadOnlyList<string> AttendeeIds, int Attended, string RecordedBy, DateTimeOffset RecordedAt);
/// <summary>A retiree's group, for their page: their role and the meetings of this year they came to.</summary>
public sealed record RetireeGroupView(string GroupId, string Name, GroupType Type, MemberRole Role, DateTimeOffset JoinedAt, int AttendedThisYear, DateOnly? LastAttended);

public static class GroupRules
{
    public const int MaxName = 60, MaxNote = 200, MaxTerm = 30, MaxTopic = 100, MaxCapacity = 500, MaxRequired = 24;

    /// <summary>What a branch must hold a year unless the office sets otherwise (DOMAIN item 11).</summary>
    public static readonly IReadOnlyDictionary<MeetingKind, int> BranchDefaults = new Dictionary<MeetingKind, int>
    {
        [MeetingKind.Organisation] = 4, [MeetingKind.Committee] = 3, [MeetingKind.Lecture] = 2, [MeetingKind.Review] = 1,
    };

    /// <summary>The checklist of a year: every required kind, and any other kind that was held, in the enum's order.</summary>
    public static IReadOnlyList<ChecklistLine> Checklist(Group g, IEnumerable<Meeting> ofYear)
    {
        var held = ofYear.GroupBy(m => m.Kind).ToDictionary(x => x.Key, x => x.Count());
        return Enum.GetValues<MeetingKind>()
            .Where(k => g.Required.ContainsKey(k) || held.ContainsKey(k))
            .Select(k => new ChecklistLine(k, g.Required.GetValueOrDefault(k), held.GetValueOrDefault(k))).ToList();
    }

    /// <summary>Held towards the requirement: a fourth lecture does not make up for a missing review.</summary>
    public static int HeldTowardsRequired(IReadOnlyList<ChecklistLine> lines) => lines.Sum(l => Math.Min(l.Held, l.Required));

    /// <summary>The group's fields from the body (the current group when editing), or null with field errors.</summary>
    public static Group? Read(GroupInput body, Group? current, FieldErrors errors)
    {
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName) errors.Add("name", $"Between 1 and {MaxName} characters.");
        var type = body.Type ?? current?.Type;
        if (type is null) errors.Add("type", "branch, class or interest.");
        else if (current is not null && type != current.Type) errors.Add("type", "A group keeps its type; make a new group instead.");
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note?.Length > MaxNote) errors.Add("note", $"At most {MaxNote} characters.");
        IReadOnlyDictionary<MeetingKind, int> required = new Dictionary<MeetingKind, int>();
        if (type == GroupType.Branch)
        {
            required = body.Required ?? current?.Required ?? BranchDefaults;
            foreach (var (kind, count) in required)
                if (count is < 0 or > MaxRequired) errors.Add($"required.{JsonName(kind)}", $"A number of meetings from 0 to {MaxRequired}.");
            required = required.Where(kv => kv.Value > 0).ToDictionary();
        }
        else if (body.Required is { Count: > 0 }) errors.Add("required", "Only a party branch has required meetings.");
        var term = string.IsNullOrWhiteSpace(body.Term) ? null : body.Term.Trim();
        int? capacity = null;
        if (type == GroupType.Class)
        {
            if (term is null || term.Length > MaxTerm) errors.Add("term", $"The term, e.g. 2026年秋季 (1 to {MaxTerm} characters).");
            if (body.TermStart is { } s && body.TermEnd is { } e && e < s) errors.Add("termEnd", "The term ends after it starts.");
            if (body.Capacity is not { } c || c < 1 || c > MaxCapacity) errors.Add("capacity", $"A number of places from 1 to {MaxCapacity}.");
            else if (current is not null && c < current.Members) errors.Add("capacity", $"At least the {current.Members} already enrolled.");
            capacity = body.Capacity;
        }
        else if (term is not null || body.Capacity is not null || body.TermStart is not null || body.TermEnd is not null)
            errors.Add(term is not null ? "term" : body.Capacity is not null ? "capacity" : "termStart", "Only a class has a term and places.");
        if (errors.Any) return null;
        var g = current ?? new Group { Id = "g" + Guid.NewGuid().ToString("N")[..12], Name = name };
        return g with
        {
            Name = name, Type = type!.Value, Note = note, Required = required, Term = term, Capacity = capacity,
            TermStart = type == GroupType.Class ? body.TermStart : null, TermEnd = type == GroupType.Class ? body.TermEnd : null,
        };
    }

    public static string JsonName<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
