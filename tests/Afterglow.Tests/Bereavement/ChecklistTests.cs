using Afterglow.Domain.Bereavement;
using Afterglow.Domain.Registry;

namespace Afterglow.Tests.Bereavement;

/// <summary>The checklist's rules without storage: which items a death starts, when one is overdue, when it closes.</summary>
public class ChecklistTests
{
    private static readonly ChecklistDueDays Days = new(3, 30, 45, 60);
    private static readonly DateOnly Learned = new(2026, 11, 22);

    [Theory]
    [InlineData(false, LivingArrangement.Alone, false)]
    [InlineData(true, LivingArrangement.Alone, true)]
    [InlineData(false, LivingArrangement.WithSpouse, true)]
    [InlineData(false, LivingArrangement.WithChildren, false)]
    public void Survivor_aid_is_an_item_only_where_a_spouse_survives(bool spouse, LivingArrangement living, bool expected)
    {
        var profile = new RetireeProfile { Living = living, Spouse = spouse ? new FamilyMember("老伴", "妻子", null) : null };
        var items = Checklist.Start(profile, Learned, Days, "p1");
        Assert.Equal(expected, items.Any(i => i.Kind == ChecklistItemKind.SurvivorAid));
        Assert.All(items, i => Assert.Equal(Learned.AddDays(Days.For(i.Kind)), i.Due));
        Assert.All(items, i => Assert.Equal("p1", i.AssigneeId));
        Assert.Equal(45, items.Single(i => i.Kind == ChecklistItemKind.PensionPayment).Due.DayNumber - Learned.DayNumber);
    }

    [Fact]
    public void An_item_is_overdue_the_day_after_it_is_due_and_only_while_open()
    {
        var items = Checklist.Start(new RetireeProfile(), Learned, Days, null);
        var visitDue = Learned.AddDays(3);
        Assert.Empty(Checklist.Overdue(items, visitDue));
        Assert.Equal(ChecklistItemKind.CondolenceVisit, Assert.Single(Checklist.Overdue(items, visitDue.AddDays(1))).Kind);
        var done = items.Select(i => i.Kind == ChecklistItemKind.CondolenceVisit ? i with { State = ChecklistItemState.Done } : i).ToList();
        Assert.Empty(Checklist.Overdue(done, visitDue.AddDays(1)));
    }

    [Fact]
    public void The_checklist_closes_when_nothing_is_open()
    {
        var items = Checklist.Start(new RetireeProfile(), Learned, Days, null);
        Assert.False(Checklist.IsClosed(items));
        var closed = items.Select((i, n) => i with { State = n == 0 ? ChecklistItemState.NotNeeded : ChecklistItemState.Done }).ToList();
        Assert.True(Checklist.IsClosed(closed));
        Assert.False(Checklist.IsClosed(closed.Select((i, n) => n == 1 ? i with { State = ChecklistItemState.Open } : i).ToList()));
        Assert.False(Checklist.IsClosed([]));
    }

    [Fact]
    public void The_next_of_kin_defaults_to_the_first_emergency_contact_then_the_spouse_then_a_child()
    {
        var children = new[] { new FamilyMember("女儿", "女儿", "13800000001") };
        Assert.Equal("child:0", NextOfKinChoices.Of(new RetireeProfile { Children = children })[0].Source);
        var withSpouse = new RetireeProfile { Children = children, Spouse = new FamilyMember("老伴", null, null) };
        Assert.Equal(["spouse", "child:0"], NextOfKinChoices.Of(withSpouse).Select(k => k.Source));
        var withContact = withSpouse with { EmergencyContacts = [new EmergencyContact("侄子", "侄子", "13800000002")] };
        Assert.Equal("侄子", NextOfKinChoices.Of(withContact)[0].Name);
        Assert.Empty(NextOfKinChoices.Of(new RetireeProfile()));
    }
}
