using System.Diagnostics;
using System.Text.Json;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Benchmarks.CareSimulation;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.Benchmarks.Office;

/// <summary>
/// `seed-office`: a real office's year written through the app's own stores and engine (the app in this process, on
/// the Azurite the script started, under a storage prefix), for the first-screen benchmark to run the app on the
/// same storage afterwards. People, 6,000 retirees with their plans, then <see cref="OfficeYear"/> walks the year on a
/// fake clock (incidents, visits, events, broadcasts, recent check-ins) and ends on today. Prints the seeded ids
/// the benchmark opens as one JSON line ("SEEDED {...}").
/// </summary>
public static class OfficeSeed
{
    public static readonly string[] Units = ["机关党委", "教务处", "财务处", "后勤集团", "附属医院", "图书馆", "机械学院", "化工学院", "外国语学院", "体育部", "校医院", "出版社"];

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        var prefix = args.Length > 0 ? args[0] : "office";
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 6000;
        var rawDays = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 14;
        var now = DateTimeOffset.UtcNow;
        var phones = new SimPhones(() => now);
        // The clock starts a year back and only moves forward: the year is written in order and ends on today.
        await using var host = new SimHost(storage, prefix, phones, now.AddDays(-366));
        var clock = host.Get<Afterglow.App.Office.OfficeClock>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, clock.Zone).DateTime);
        var random = new Random(2026);
        var total = Stopwatch.StartNew();
        var timings = new List<(string Step, double Seconds)>();
        var step = Stopwatch.StartNew();
        void Done(string name) { timings.Add((name, step.Elapsed.TotalSeconds)); Console.Error.WriteLine($"{name}: {step.Elapsed.TotalSeconds:0.0} s"); step.Restart(); }

        // People: eight staff on a day/night rota, a liaison per area, ~150 volunteers.
        var people = host.Get<PersonStore>();
        string Name() => SyntheticOffice.Surnames[random.Next(SyntheticOffice.Surnames.Length)] + SyntheticOffice.Given[random.Next(SyntheticOffice.Given.Length)];
        var staff = Enumerable.Range(0, 8).Select(i => new Person { Id = $"staff{i}", Name = Name(), Phone = SyntheticOffice.StaffPhone(i), Role = PersonRole.Staff }).ToList();
        var liaisons = Enumerable.Range(0, SyntheticOffice.Areas).Select(i => new Person { Id = $"liaison{i}", Name = Name(), Phone = SyntheticOffice.StaffPhone(100 + i), Role = PersonRole.Liaison, Areas = [$"area{i}"] }).ToList();
        var volunteers = Enumerable.Range(0, 150).Select(i => new Person { Id = $"vol{i}", Name = Name(), Phone = SyntheticOffice.VolunteerPhone(i), Role = PersonRole.Volunteer }).ToList();
        await Parallel.ForEachAsync(staff.Concat(liaisons).Concat(volunteers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) => await people.SaveAsync(p, ct));
        for (var i = 0; i < SyntheticOffice.Areas; i++) await people.SaveAreaAsync(new Area($"area{i}", $"第{i + 1}片区", [$"liaison{i}"]), CancellationToken.None);
        var shifts = new List<Shift>();
        for (var d = 0; d < 7; d++)
        {
            shifts.Add(new Shift((DayOfWeek)d, new TimeOnly(8, 0), new TimeOnly(20, 0), staff[(2 * d) % 8].Id));
            shifts.Add(new Shift((DayOfWeek)d, new TimeOnly(20, 0), new TimeOnly(8, 0), staff[(2 * d + 1) % 8].Id));
        }
        await host.Get<RosterStore>().SaveAsync(new DutyRoster { Weekly = shifts }, CancellationToken.None);
        Done($"people ({staff.Count} staff, {liaisons.Count} liaisons, {volunteers.Count} volunteers) and roster");

        // Retirees: DOMAIN.md's mix with units, party branches and 离休 for the oldest; the at-risk paired (primary, backup).
        var sims = SyntheticOffice.Retirees(count, today, random, withPeople: true);
        var profiles = new List<RetireeProfile>(count);
        var paired = 0;
        foreach (var s in sims)
        {
            var unit = Units[random.Next(Units.Length)];
            var age = today.Year - s.Profile.BirthDate.Year;
            var profile = s.Profile with
            {
                Unit = unit,
                RetirementType = age >= 90 && random.NextDouble() < 0.5 ? RetirementType.Veteran : RetirementType.Retired,
                PartyMember = random.NextDouble() < 0.45,
                PartyBranch = $"离退休第{Array.IndexOf(Units, unit) + 1}党支部",
                Landline = random.NextDouble() < 0.3 ? $"+86731{88_000_000 + s.Index:D8}" : null,
            };
            if (s.Tier >= RiskTier.High)
            {
                var v = paired++ / 8;
                profile = profile with { VolunteerIds = [volunteers[v % volunteers.Count].Id, volunteers[(v + 1) % volunteers.Count].Id] };
            }
            profiles.Add(profile);
        }
        var (written, failed) = await host.Get<RetireeStore>().CreateManyAsync(profiles, Caller.System, CancellationToken.None);
        if (failed.Count > 0) throw new InvalidOperationException($"{failed.Count} retirees were not written.");
        var index = host.Get<RegistryIndex>();
        await index.EnsureCurrentAsync(CancellationToken.None);
        var byPhone = sims.ToDictionary(r => r.Phone);
        foreach (var summary in index.All) byPhone[summary.Mobile].Id = summary.Id;
        Done($"retirees ({written:N0}, {paired:N0} paired with volunteers)");

        // Care plans from the tier, as the hourly refresh makes them.
        await host.Get<CarePlanRefresh>().RunAsync(new TimerInvocation(CarePlanRefresh.FunctionName, clock.UtcNow, false, null), CancellationToken.None);
        var plans = await host.Get<CarePlanStore>().ListAsync(CancellationToken.None);
        Done($"care plans ({plans.Count:N0}: {string.Join(", ", plans.GroupBy(p => p.Cadence).Select(g => $"{g.Count():N0} {g.Key}"))})");

        var year = new OfficeYear(host, sims, plans, staff, volunteers, random, rawDays);
        var seeded = await year.RunAsync(today, now, Done);

        Console.Error.WriteLine($"seeded in {total.Elapsed.TotalSeconds:0} s");
        Console.WriteLine("SEEDED " + JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["retirees"] = written,
            ["longHistoryRetireeId"] = seeded.LongHistoryRetireeId,
            ["eventId"] = seeded.EventId,
            ["seconds"] = Math.Round(total.Elapsed.TotalSeconds),
            ["steps"] = timings.Select(t => new { step = t.Step, seconds = Math.Round(t.Seconds, 1) }),
            ["counts"] = seeded.Counts,
        }));
        return 0;
    }
}
