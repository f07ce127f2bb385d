using Afterglow.Domain.Registry;

namespace Afterglow.Domain.Bereavement;

/// <summary>慰问 (condolence visit), 丧葬费 (funeral allowance), 抚恤金 (one-off pension payment), 遗属困难补助 (survivor hardship aid).</summary>
public enum ChecklistItemKind { CondolenceVisit, FuneralAllowance, PensionPayment, SurvivorAid }

/// <summary>Open until someone does it, or decides it is not needed (with a note saying why).</summary>
public enum ChecklistItemState { Open, Done, NotNeeded }

/// <summary>How the office learned of the death.</summary>
public enum LearnedFrom { Family, Volunteer, Liaison, Hospital, Street, Colleague, Other }

/// <summary>Days after the office learned of a death by which each item is due.</summary>
public sealed record ChecklistDueDays(int CondolenceVisit, int FuneralAllowance, int PensionPayment, int SurvivorAid)
{
    public int For(ChecklistItemKind kind) => kind switch
    {
        ChecklistItemKind.CondolenceVisit => CondolenceVisit,
        ChecklistItemKind.FuneralAllowance => FuneralAllowance,
        ChecklistItemKind.PensionPayment => PensionPayment,
        _ => SurvivorAid,
    };
}

public sealed record ChecklistItem(ChecklistItemKind Kind, DateOnly Due, string? AssigneeId, ChecklistItemState State, string? Note, DateTimeOffset? ClosedAt, string? ClosedBy);

/// <summary>The bereavement checklist's rules, without storage.</summary>
public static class Checklist
{
    /// <summary>
    /// The items a death starts. Survivor hardship aid applies only where someone survives who may claim it: a spouse on
    /// the profile, or a household recorded as living with the spouse.
    /// </summary>
    public static IReadOnlyList<ChecklistItem> Start(RetireeProfile profile, DateOnly learnedOn, ChecklistDueDays days, string? assigneeId)
    {
        var kinds = new List<ChecklistItemKind> { ChecklistItemKind.CondolenceVisit, ChecklistItemKind.FuneralAllowance, ChecklistItemKind.PensionPayment };
        if (HasSurvivor(profile)) kinds.Add(ChecklistItemKind.SurvivorAid);
        return kinds.Select(k => new ChecklistItem(k, learnedOn.AddDays(days.For(k)), assigneeId, ChecklistItemState.Open, null, null, null)).ToList();
    }

    public static bool HasSurvivor(RetireeProfile profile) => profile.Spouse is not null || profile.Living == LivingArrangement.WithSpouse;

    /// <summary>Closed when every item is done or not needed.</summary>
    public static bool IsClosed(IReadOnlyList<ChecklistItem> items) => items.Count > 0 && items.All(i => i.State != ChecklistItemState.Open);

    /// <summary>Open items whose due day has passed (due today is not yet overdue).</summary>
    public static IReadOnlyList<ChecklistItem> Overdue(IReadOnlyList<ChecklistItem> items, DateOnly today) =>
        items.Where(i => i.State == ChecklistItemState.Open && i.Due < today).ToList();
}

/// <summary>Who the office keeps in touch with after a death: one of the people on the profile.</summary>
public sealed record NextOfKin(string Source, string Name, string? Relation, string? Phone);

public static class NextOfKinChoices
{
    /// <summary>
    /// Everyone on the profile who could be the next of kin, by a stable source key: "contact:0" (emergency contacts in
    /// their order), "spouse", "child:0". The first is the default: the first emergency contact, else the spouse, else a child.
    /// </summary>
    public static IReadOnlyList<NextOfKin> Of(RetireeProfile p)
    {
        var list = new List<NextOfKin>();
        for (var i = 0; i < p.EmergencyContacts.Count; i++)
            list.Add(new NextOfKin($"contact:{i}", p.EmergencyContacts[i].Name, p.EmergencyContacts[i].Relation, p.EmergencyContacts[i].Phone));
        if (p.Spouse is { } s) list.Add(new NextOfKin("spouse", s.Name, s.Relation ?? "spouse", s.Phone));
        for (var i = 0; i < p.Children.Count; i++)
            list.Add(new NextOfKin($"child:{i}", p.Children[i].Name, p.Children[i].Relation, p.Children[i].Phone));
        return list;
    }
}
