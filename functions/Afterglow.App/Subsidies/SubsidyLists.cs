using System.Globalization;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;
using Afterglow.Domain.Subsidies;

namespace Afterglow.App.Subsidies;

public sealed record SubsidyYearRow(string RetireeId, string Name, string? Unit, DateOnly BirthDate, int AgeAtYearEnd, RetireeStatus Status, DateOnly? DeceasedOn,
    int? BandFromAge, int HardshipLevel, int LongevityMonths, decimal Longevity, int HardshipMonths, decimal Hardship, decimal Total);

public sealed record SubsidyBandTotal(int FromAge, int People, decimal Amount);
public sealed record SubsidyLevelTotal(int Level, int People, decimal Amount);

public sealed record SubsidyYear(int Year, IReadOnlyList<SubsidyYearRow> Rows, IReadOnlyList<SubsidyBandTotal> Bands, IReadOnlyList<SubsidyLevelTotal> Levels,
    int People, decimal Longevity, decimal Hardship, decimal Total);

/// <summary>Starts (first month paid), changes (another band or level) and stops (death, moved away, level ended).</summary>
public enum SubsidyChangeKind { Starts, Changes, Stops }

public sealed record SubsidyChangeRow(string Month, string RetireeId, string Name, string? Unit, SubsidyChangeKind Kind, int? BandBefore, int? BandNow,
    int LevelBefore, int LevelNow, decimal MonthlyBefore, decimal MonthlyNow, RetireeStatus Status, DateOnly? DeceasedOn);

public sealed record SubsidyMonth(string Month, IReadOnlyList<SubsidyChangeRow> Changes, int PeoplePaid, decimal Amount, int Starts, int Stops);

/// <summary>The year's eligible list and a month's changes, for finance: computed from the registry index and the hardship rows.</summary>
public sealed class SubsidyLists(SubsidyStore store, RegistryIndex index)
{
    /// <summary>The year's list; without its rows (<paramref name="withRows"/> false) only the totals, as the Reports page shows.</summary>
    public async Task<SubsidyYear> YearAsync(int year, CancellationToken ct, bool withRows = true)
    {
        var (rules, people) = await PeopleAsync(ct);
        var rows = new List<SubsidyYearRow>();
        foreach (var (s, p) in people)
        {
            var (months, longevity, hardship) = SubsidyCalculator.Year(rules, p, year);
            if (!months.Any(m => m.Any)) continue;
            var last = months.Last(m => m.Any);
            var end = new DateOnly(year, 12, 31);
            rows.Add(new(s.Id, s.Name, s.Unit, s.BirthDate, end.Year - s.BirthDate.Year, s.Status, s.DeceasedOn, last.Band?.FromAge, last.HardshipLevel,
                months.Count(m => m.Band is not null), longevity, months.Count(m => m.HardshipLevel > 0), hardship, longevity + hardship));
        }
        if (withRows)
            rows = rows.OrderBy(r => r.Unit ?? "", RetireesApi.ByName.Value).ThenBy(r => r.Name, RetireesApi.ByName.Value).ThenBy(r => r.RetireeId, StringComparer.Ordinal).ToList();
        var bands = rules.Longevity.Select(b => new SubsidyBandTotal(b.FromAge, rows.Count(r => r.BandFromAge == b.FromAge), rows.Where(r => r.BandFromAge == b.FromAge).Sum(r => r.Longevity))).ToList();
        var levels = rules.Hardship.Select(h => new SubsidyLevelTotal(h.Level, rows.Count(r => r.HardshipLevel == h.Level), rows.Where(r => r.HardshipLevel == h.Level).Sum(r => r.Hardship))).ToList();
        return new(year, withRows ? rows : [], bands, levels, rows.Count, rows.Sum(r => r.Longevity), rows.Sum(r => r.Hardship), rows.Sum(r => r.Total));
    }

    public async Task<SubsidyMonth> MonthAsync(int year, int month, CancellationToken ct)
    {
        var (rules, people) = await PeopleAsync(ct);
        var changes = new List<SubsidyChangeRow>();
        int paid = 0;
        decimal amount = 0;
        foreach (var (s, p) in people)
        {
            var now = SubsidyCalculator.For(rules, p, year, month);
            if (now.Any) { paid++; amount += now.Total; }
            if (ChangeOf(rules, p, s.Name, s.Unit, year, month) is { } change) changes.Add(change);
        }
        changes = changes.OrderBy(c => c.Kind).ThenBy(c => c.Name, RetireesApi.ByName.Value).ThenBy(c => c.RetireeId, StringComparer.Ordinal).ToList();
        return new(SubsidyCalculator.MonthKey(year, month), changes, paid, decimal.Round(amount, 2),
            changes.Count(c => c.Kind == SubsidyChangeKind.Starts), changes.Count(c => c.Kind == SubsidyChangeKind.Stops));
    }

    /// <summary>A retiree's change in a month, or null when the month pays what the one before did.</summary>
    public static SubsidyChangeRow? ChangeOf(SubsidyRules rules, SubsidyPerson p, string name, string? unit, int year, int month)
    {
        if (SubsidyCalculator.Change(rules, p, year, month) is not var (before, after)) return null;
        var kind = !before.Any ? SubsidyChangeKind.Starts : !after.Any ? SubsidyChangeKind.Stops : SubsidyChangeKind.Changes;
        return new(SubsidyCalculator.MonthKey(year, month), p.Id, name, unit, kind, before.Band?.FromAge, after.Band?.FromAge, before.HardshipLevel, after.HardshipLevel,
            decimal.Round(before.Total, 2), decimal.Round(after.Total, 2), p.Status, p.DeceasedOn);
    }

    private async Task<(SubsidyRules Rules, List<(RetireeSummary Summary, SubsidyPerson Person)> People)> PeopleAsync(CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var (rules, _) = await store.RulesAsync(ct);
        var hardship = await store.AllHardshipAsync(ct);
        var people = index.All.Select(s => (s, new SubsidyPerson(s.Id, s.BirthDate, s.Status, s.DeceasedOn, hardship.GetValueOrDefault(s.Id) ?? []))).ToList();
        return (rules, people);
    }

    /// <summary>The year's list as finance reads it.</summary>
    public static (List<string> Header, IEnumerable<IReadOnlyList<string>> Rows) YearFile(SubsidyYear y, bool zh) => (
        zh ? ["姓名", "单位", "出生日期", "年末年龄", "高龄补贴档次", "高龄补贴月数", "高龄补贴金额", "困难补助级别", "困难补助月数", "困难补助金额", "合计", "备注"]
           : ["Name", "Unit", "Birth date", "Age at year end", "Longevity band", "Longevity months", "Longevity amount", "Hardship level", "Hardship months", "Hardship amount", "Total", "Note"],
        y.Rows.Select(r => (IReadOnlyList<string>)[r.Name, r.Unit ?? "", Day(r.BirthDate), Int(r.AgeAtYearEnd), r.BandFromAge is { } b ? (zh ? $"{b}岁以上" : $"{b}+") : "",
            Int(r.LongevityMonths), Money(r.Longevity), r.HardshipLevel > 0 ? Int(r.HardshipLevel) : "", Int(r.HardshipMonths), Money(r.Hardship), Money(r.Total), Note(r.Status, r.DeceasedOn, zh)])
        .Append([zh ? "合计" : "Total", "", "", "", "", "", Money(y.Longevity), "", "", Money(y.Hardship), Money(y.Total), zh ? $"{y.People} 人" : $"{y.People} people"]));

    /// <summary>A month's starts, changes and stops as finance reads them.</summary>
    public static (List<string> Header, IEnumerable<IReadOnlyList<string>> Rows) MonthFile(SubsidyMonth m, bool zh) => (
        zh ? ["变动", "姓名", "单位", "原档次", "新档次", "原困难级别", "新困难级别", "原月额", "新月额", "备注"]
           : ["Change", "Name", "Unit", "Band before", "Band now", "Level before", "Level now", "Monthly before", "Monthly now", "Note"],
        m.Changes.Select(c => (IReadOnlyList<string>)[Kind(c.Kind, zh), c.Name, c.Unit ?? "", Band(c.BandBefore, zh), Band(c.BandNow, zh),
            c.LevelBefore > 0 ? Int(c.LevelBefore) : "", c.LevelNow > 0 ? Int(c.LevelNow) : "", Money(c.MonthlyBefore), Money(c.MonthlyNow), Note(c.Status, c.DeceasedOn, zh)])
        .Append([zh ? "本月发放" : "Paid this month", zh ? $"{m.PeoplePaid} 人" : $"{m.PeoplePaid} people", "", "", "", "", "", "", Money(m.Amount), ""]));

    private static string Kind(SubsidyChangeKind k, bool zh) => (k, zh) switch
    {
        (SubsidyChangeKind.Starts, true) => "新增", (SubsidyChangeKind.Stops, true) => "停发", (_, true) => "调整",
        (SubsidyChangeKind.Starts, false) => "starts", (SubsidyChangeKind.Stops, false) => "stops", _ => "changes",
    };

    private static string Note(RetireeStatus status, DateOnly? deceasedOn, bool zh) => status switch
    {
        RetireeStatus.Deceased => deceasedOn is { } d ? (zh ? $"{Day(d)} 去世" : $"died {Day(d)}") : (zh ? "已故（日期未登记）" : "deceased (date not recorded)"),
        RetireeStatus.Archived => zh ? "已归档" : "archived",
        _ => "",
    };

    private static string Band(int? b, bool zh) => b is { } v ? (zh ? $"{v}岁以上" : $"{v}+") : "";
    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Money(decimal v) => decimal.Round(v, 2).ToString("0.00", CultureInfo.InvariantCulture);
}
