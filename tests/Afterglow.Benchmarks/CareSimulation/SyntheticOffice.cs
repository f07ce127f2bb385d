using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>A simulated retiree: who they are to the engine, and (known only to the simulation) whether they can answer.</summary>
public sealed class SimRetiree
{
    public required int Index { get; init; }
    public required string Phone { get; init; }
    public required RetireeProfile Profile { get; init; }
    public string Id { get; set; } = "";
    public RiskTier Tier { get; set; }
    public Cadence Cadence { get; set; }
    /// <summary>A real silence (a fall, a stroke): from then on no answers until someone finds them.</summary>
    public DateTimeOffset? SilentFrom { get; set; }
    public DateTimeOffset? FoundAt { get; set; }

    public bool IsSilent(DateTimeOffset t) => SilentFrom is { } s && t >= s && (FoundAt is null || t < FoundAt);
}

/// <summary>
/// A synthetic office with DOMAIN.md's mix: 30–64 % over 70, a third over 80, one in ten living alone, some
/// empty-nest, ill, disabled or in hardship; volunteers paired with the at-risk ("一帮一" with a backup), one
/// liaison per area, eight coordinators on a day/night rota, and 1–2 emergency contacts for most.
/// </summary>
public static class SyntheticOffice
{
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    public static readonly string[] Given = ["建国", "秀英", "桂兰", "志强", "玉珍", "德明", "淑芬", "国华", "文华", "凤英", "振华", "丽华", "永福", "金花", "树林"];
    /// <summary>Check-in times people chose: 07:30 to 10:30 every quarter hour.</summary>
    public static readonly TimeOnly[] Times = Enumerable.Range(0, 13).Select(i => new TimeOnly(7, 30).AddMinutes(15 * i)).ToArray();
    public const int Areas = 20;

    public static string RetireePhone(int i) => $"+86138{10_000_000 + i:D8}";
    public static string VolunteerPhone(int i) => $"+86137{10_000_000 + i:D8}";
    public static string StaffPhone(int i) => $"+86136{10_000_000 + i:D8}";
    public static string ContactPhone(int i) => $"+86135{10_000_000 + i:D8}";

    public static IReadOnlyList<SimRetiree> Retirees(int count, DateOnly today, Random random, bool withPeople)
    {
        var list = new List<SimRetiree>(count);
        var contacts = 0;
        for (var i = 0; i < count; i++)
        {
            // Ages 60–99: 35 % under 70, 32 % 70–79, 20 % 80–84, 9 % 85–89, 4 % 90+ (a third over 80).
            var r = random.NextDouble();
            var age = r < 0.35 ? random.Next(60, 70) : r < 0.67 ? random.Next(70, 80) : r < 0.87 ? random.Next(80, 85) : r < 0.96 ? random.Next(85, 90) : random.Next(90, 100);
            var alone = random.NextDouble() < 0.10;
            var childless = alone && random.NextDouble() < 0.15;
            var contactList = new List<EmergencyContact>();
            if (withPeople && !childless && random.NextDouble() < 0.75)
                for (var c = 0; c < (random.NextDouble() < 0.4 ? 2 : 1); c++)
                    contactList.Add(new EmergencyContact(c == 0 ? "女儿" : "儿子", c == 0 ? "女儿" : "儿子", ContactPhone(contacts++)));
            var profile = new RetireeProfile
            {
                Name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)],
                Gender = random.NextDouble() < 0.5 ? Gender.Male : Gender.Female,
                BirthDate = today.AddYears(-age).AddDays(-random.Next(0, 365)),
                Mobile = RetireePhone(i),
                Address = $"{random.Next(1, 40)}栋{random.Next(1, 6)}单元{random.Next(1, 7)}0{random.Next(1, 4)}",
                Area = $"area{i % Areas}",
                Living = alone ? LivingArrangement.Alone : random.NextDouble() < 0.6 ? LivingArrangement.WithSpouse : LivingArrangement.WithChildren,
                Childless = childless,
                EmptyNest = !alone && random.NextDouble() < 0.25,
                SeriousIllness = random.NextDouble() < 0.08,
                Disability = random.NextDouble() < 0.04,
                Hardship = random.NextDouble() < 0.03,
                PreferredCheckInTime = Times[random.Next(Times.Length)],
                EmergencyContacts = contactList,
            };
            list.Add(new SimRetiree { Index = i, Phone = profile.Mobile, Profile = profile, Tier = RiskAssessment.Effective(profile, today).Tier });
        }
        return list;
    }
}
