using Afterglow.App.Groups;
using Afterglow.App.Problems;

namespace Afterglow.Tests.Groups;

/// <summary>The checklist and a group's fields as pure rules, without storage.</summary>
public class GroupRulesTests
{
    private static Meeting Held(MeetingKind kind, int day = 1) => new() { Id = Guid.NewGuid().ToString("N")[..10], Date = new DateOnly(2026, 3, day), Kind = kind, Topic = "t" };

    [Fact]
    public void The_checklist_has_every_required_kind_and_any_kind_held_and_extra_meetings_do_not_make_up_for_missing_ones()
    {
        var branch = new Group { Id = "g000000000001", Name = "支部", Type = GroupType.Branch, Required = GroupRules.BranchDefaults };
        var lines = GroupRules.Checklist(branch, [Held(MeetingKind.Lecture), Held(MeetingKind.Lecture, 2), Held(MeetingKind.Lecture, 3), Held(MeetingKind.Activity)]);
        Assert.Equal([MeetingKind.Organisation, MeetingKind.Committee, MeetingKind.Lecture, MeetingKind.Review, MeetingKind.Activity], lines.Select(l => l.Kind));
        Assert.Equal(new ChecklistLine(MeetingKind.Lecture, 2, 3), lines.Single(l => l.Kind == MeetingKind.Lecture));
        Assert.Equal(new ChecklistLine(MeetingKind.Activity, 0, 1), lines.Single(l => l.Kind == MeetingKind.Activity));
        Assert.Equal(2, GroupRules.HeldTowardsRequired(lines));

        var choir = new Group { Id = "g000000000002", Name = "合唱团", Type = GroupType.Interest };
        Assert.Empty(GroupRules.Checklist(choir, []));
        Assert.Equal(0, GroupRules.HeldTowardsRequired(GroupRules.Checklist(choir, [Held(MeetingKind.Activity)])));
    }

    [Fact]
    public void A_branch_gets_the_default_requirements_and_a_zero_drops_a_kind()
    {
        var errors = new FieldErrors();
        var made = GroupRules.Read(new GroupInput(" 一支部 ", GroupType.Branch, null, null, null, null, null, null), null, errors)!;
        Assert.False(errors.Any);
        Assert.Equal("一支部", made.Name);
        Assert.Equal(10, made.Required.Values.Sum());
        var edited = GroupRules.Read(new GroupInput("一支部", null, null, new() { [MeetingKind.Review] = 0, [MeetingKind.Lecture] = 5 }, null, null, null, null), made, errors)!;
        Assert.Equal(new Dictionary<MeetingKind, int> { [MeetingKind.Lecture] = 5 }, edited.Required);
        Assert.Equal(made.Id, edited.Id);
    }

    [Fact]
    public void A_class_cannot_have_fewer_places_than_it_has_students()
    {
        var errors = new FieldErrors();
        var cls = new Group { Id = "g000000000003", Name = "书法班", Type = GroupType.Class, Term = "2026秋", Capacity = 30, Members = 12 };
        Assert.Null(GroupRules.Read(new GroupInput("书法班", GroupType.Class, null, null, "2026秋", null, null, 11), cls, errors));
        Assert.Equal("capacity", Assert.Single(errors.All).Field);
        Assert.Equal(12, GroupRules.Read(new GroupInput("书法班", GroupType.Class, null, null, "2026秋", null, null, 12), cls, new FieldErrors())!.Capacity);
    }
}
