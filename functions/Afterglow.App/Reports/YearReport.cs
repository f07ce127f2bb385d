using System.Globalization;
using Afterglow.App.Events;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Reports;

/// <summary>One line of a section: a word key ("tier.high", "2026-03"), its count and, for SMS, the segments.</summary>
public sealed record ReportLine(string Key, long Count, long? Amount = null);

/// <summary>A section of the yearly report, named by its word key ("yearReport.visits").</summary>
public sealed record ReportSection(string Key, IReadOnlyList<ReportLine> Lines);

public sealed record YearReportDto(int Year, DateOnly From, DateOnly To, DateOnly AsOf, int InCare, IReadOnlyList<ReportSection> Sections);

/// <summary>
/// The yearly report upward (上报): head counts as of the year's end (or today, for this year) from the registry
/// index, the year's work from the per-day aggregates (one query over twelve months of counter rows, ADR 0012c)
/// and the year's events from their year index. No table of work is scanned per request.
/// </summary>
public sealed class YearReport(ReportCounts counts, RegistryIndex index, EventStore events)
{
    public async Task<YearReportDto> BuildAsync(int year, DateOnly today, CancellationToken ct)
    {
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var asOf = to < today ? to : today;
        var read = counts.ReadAsync(from, to, ct);
        var yearEvents = events.ListYearAsync(year, ct);
        await index.EnsureCurrentAsync(ct);
        // In care on the day: not archived, and alive then (a death after it still counts the person that year).
        var inCare = index.All.Where(r => r.Status != RetireeStatus.Archived && (r.DeceasedOn is not { } died ? r.Status != RetireeStatus.Deceased : died > asOf))
            .Select(r => (r, Band: RiskAssessment.BandOn(r.BirthDate, asOf))).ToList();
        var (days, _) = await read;

        var sections = new List<ReportSection>
        {
            Section("yearReport.headcount.ageBand", Enum.GetValues<AgeBand>().Select(b => Line("ageBand", b, inCare.Count(x => x.Band == b)))),
            Section("yearReport.headcount.retirementType", Enum.GetValues<RetirementType>().Select(t => Line("retirementType", t, inCare.Count(x => x.r.RetirementType == t)))),
            Section("yearReport.headcount.tier", Enum.GetValues<RiskTier>().Select(t => Line("tier", t, inCare.Count(x => x.r.Tier == t)))),
            ByState("yearReport.visits", "visitKind", days.Where(d => d.Kind == ReportKinds.Visit && d.State != Visits.VisitStore.Deleted)),
            ByMonth("yearReport.visitsByMonth", year, days.Where(d => d.Kind == ReportKinds.Visit && d.State != Visits.VisitStore.Deleted)),
        };
        var list = (await yearEvents).ToList();
        var held = list.Where(e => e.State != EventState.Cancelled).ToList();
        sections.Add(Section("yearReport.events", Enum.GetValues<EventKind>().Select(k => Line("eventKind", k, held.Count(e => e.Kind == k)))));
        sections.Add(Section("yearReport.attendance",
        [
            new("yearReport.invited", held.Sum(e => (long)e.Invited)), new("yearReport.joined", held.Sum(e => (long)e.Joined)),
            new("yearReport.attended", held.Sum(e => (long)e.Attended)), new("yearReport.cancelled", list.Count - held.Count),
        ]));
        sections.Add(ByState("yearReport.sms", "purpose", days.Where(d => d.Kind == ReportKinds.SmsSent), withAmount: true));
        sections.Add(ByState("yearReport.smsOutcome", "smsState", days.Where(d => d.Kind == ReportKinds.SmsOutcome), withAmount: true));
        sections.Add(ByState("yearReport.checkIns", "checkInStatus", days.Where(d => d.Kind == ReportKinds.CheckIn)));
        sections.Add(ByState("yearReport.incidents", "kind", days.Where(d => d.Kind == ReportKinds.IncidentOpened)));
        sections.Add(ByState("yearReport.outcomes", "outcome", days.Where(d => d.Kind == ReportKinds.IncidentResolved)));
        sections.Add(ByMonth("yearReport.deaths", year, days.Where(d => d.Kind == ReportKinds.Death)));
        return new(year, from, to, asOf, inCare.Count, sections);
    }

    /// <summary>The report as rows (section, item, count, segments) in one language, for the CSV or workbook.</summary>
    public static (List<string> Header, List<IReadOnlyList<string>> Rows) File(YearReportDto report, bool zh)
    {
        var header = new List<string> { ReportWords.Of("yearReport.col.section", zh), ReportWords.Of("yearReport.col.item", zh),
            ReportWords.Of("yearReport.col.count", zh), ReportWords.Of("yearReport.col.amount", zh) };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in report.Sections)
            foreach (var l in s.Lines)
                rows.Add([ReportWords.Of(s.Key, zh), ReportWords.Of(l.Key, zh), l.Count.ToString(CultureInfo.InvariantCulture),
                    l.Amount?.ToString(CultureInfo.InvariantCulture) ?? ""]);
        return (header, rows);
    }

    private static ReportSection Section(string key, IEnumerable<ReportLine> lines)
    {
        var list = lines.ToList();
        return new(key, [.. list, new("yearReport.total", list.Sum(l => l.Count), list.Any(l => l.Amount is not null) ? list.Sum(l => l.Amount ?? 0) : null)]);
    }

    private static ReportLine Line<T>(string prefix, T value, long count) where T : struct, Enum => new($"{prefix}.{ReportKinds.State(value)}", count);

    /// <summary>The counted states of a kind, each as its word key, in the order they were first counted.</summary>
    private static ReportSection ByState(string key, string prefix, IEnumerable<DayCount> days, bool withAmount = false) =>
        Section(key, days.GroupBy(d => d.State).Select(g => new ReportLine($"{prefix}.{g.Key}", g.Sum(d => d.Items), withAmount ? g.Sum(d => d.Amount) : null))
            .Where(l => l.Count != 0).OrderByDescending(l => l.Count).ThenBy(l => l.Key, StringComparer.Ordinal));

    private static ReportSection ByMonth(string key, int year, IEnumerable<DayCount> days)
    {
        var list = days.ToList();
        return Section(key, Enumerable.Range(1, 12).Select(m => new ReportLine($"{year:D4}-{m:D2}", list.Where(d => d.Day.Month == m).Sum(d => d.Items))));
    }
}
