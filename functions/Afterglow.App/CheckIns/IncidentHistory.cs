using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Visits;
using Afterglow.Domain.CheckIns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

public sealed record IncidentPage(IReadOnlyList<IncidentSummary> Items, string? Next);

/// <summary>
/// Resolved incidents stay readable: a history with paging, by period (office days, on the day resolved) and by
/// retiree, for anyone signed in (a volunteer sees their paired retirees' only); and the period's list as a file in
/// the office's language for reports upward (staff).
/// </summary>
public static class IncidentHistory
{
    public const int MaxPage = 200;
    /// <summary>A year of a large office's incidents; a longer list is a sign the period is wrong.</summary>
    public const int MaxExport = 20_000;

    public static RouteGroupBuilder MapIncidentHistory(this RouteGroupBuilder group)
    {
        group.MapGet("/history", ListAsync);
        group.MapGet("/history/export", ExportAsync).RequireAuthorization(Policies.Staff);
        return group;
    }

    private static async Task<Results<Ok<IncidentPage>, ValidationProblem>> ListAsync(
        IncidentStore store, OfficeClock clock, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? retireeId = null, string? cursor = null, int max = 50)
    {
        var errors = new FieldErrors();
        var period = from is null && to is null ? null : VisitPeriod.Read(from, to, null, errors);
        if (retireeId is not null && !RetireeStore.IsId(retireeId)) errors.Add("retireeId", "A retiree's id, as the registry gives it.");
        if (cursor is not null && !IncidentStore.IsClosedKey(cursor)) errors.Add("cursor", "The next page's cursor, as the previous page gave it.");
        if (max is < 1 or > MaxPage) errors.Add("max", $"Between 1 and {MaxPage}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var (start, end) = Bounds(period, clock);
        var (items, next) = await store.ListClosedPageAsync(retireeId, start, end, cursor, max, s => caller.MaySee(s.VolunteerIds), ct);
        return TypedResults.Ok(new IncidentPage(await CompleteAsync(items, store, ct), next));
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End) Bounds((DateOnly From, DateOnly To, VisitKind? Kind)? period, OfficeClock clock) =>
        period is { } p ? (clock.ToUtc(p.From, TimeOnly.MinValue), clock.ToUtc(p.To.AddDays(1), TimeOnly.MinValue)) : (null, null);

    /// <summary>Index rows written before they carried the resolution's author and note are completed from the incident.</summary>
    private static async Task<IReadOnlyList<IncidentSummary>> CompleteAsync(IReadOnlyList<IncidentSummary> items, IncidentStore store, CancellationToken ct)
    {
        var list = new List<IncidentSummary>(items.Count);
        foreach (var s in items)
            list.Add(s.ResolvedBy is null && await store.GetAsync(s.Id, ct) is var (incident, _) ? IncidentSummary.Of(incident) : s);
        return list;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, IncidentStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct, string? from = null, string? to = null)
    {
        var errors = new FieldErrors();
        var period = VisitPeriod.Read(from, to, null, errors);
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (start, end) = Bounds(period, clock);
        var all = new List<IncidentSummary>();
        string? cursor = null;
        do
        {
            var (items, next) = await store.ListClosedPageAsync(null, start, end, cursor, 1000, _ => true, ct);
            all.AddRange(await CompleteAsync(items, store, ct));
            cursor = next;
        } while (cursor is not null && all.Count < MaxExport);
        var caller = Caller.From(http.User);
        await audit.RecordAsync(caller, "incident.export", null, $"Exported {all.Count} resolved incidents ({from} to {to})", ct);

        var header = zh
            ? new List<string> { "编号", "姓名", "类别", "开始时间", "解决时间", "结果", "处理人", "情况说明" }
            : ["code", "name", "kind", "openedAt", "resolvedAt", "outcome", "resolvedBy", "note"];
        var rows = all.Select(s => (IReadOnlyList<string>)[
            s.Code, s.RetireeName, Words.Kind(s.Kind, zh), Local(s.OpenedAt, clock), s.ResolvedAt is { } r ? Local(r, clock) : "",
            s.Outcome is { } o ? Words.Outcome(o, zh) : "", Words.Actor(s.ResolvedBy, zh), Words.Note(s, zh)]);
        var name = zh ? $"已解决事件-{from}-{to}" : $"resolved-incidents-{from}-{to}";
        return RetireeExport.File(format, header, rows, zh, name, sheet: zh ? "已解决事件" : "Resolved incidents");
    }

    private static string Local(DateTimeOffset utc, OfficeClock clock) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The office's words for the export (the dashboard's string tables say the same: kind.*, outcome.*, event.*).</summary>
    internal static class Words
    {
        public static string Kind(IncidentKind k, bool zh) => (k, zh) switch
        {
            (IncidentKind.Missed, true) => "报平安未回复",
            (IncidentKind.Undelivered, true) => "短信未送达",
            (IncidentKind.Help, true) => "求助",
            (IncidentKind.CallNotReached, true) => "电话未接通",
            (IncidentKind.Missed, false) => "Missed check-in",
            (IncidentKind.Undelivered, false) => "SMS not delivered",
            (IncidentKind.Help, false) => "Asked for help",
            _ => "Call: not reached",
        };

        public static string Outcome(IncidentOutcome o, bool zh) => (o, zh) switch
        {
            (IncidentOutcome.Well, true) => "平安",
            (IncidentOutcome.ReachedByPhone, true) => "电话联系上",
            (IncidentOutcome.Visited, true) => "已上门探视",
            (IncidentOutcome.Hospitalised, true) => "已住院",
            (IncidentOutcome.Deceased, true) => "已去世",
            (IncidentOutcome.FalseAlarm, true) => "误报",
            (IncidentOutcome.Other, true) => "其他",
            (IncidentOutcome.Well, false) => "Well",
            (IncidentOutcome.ReachedByPhone, false) => "Reached by phone",
            (IncidentOutcome.Visited, false) => "Visited",
            (IncidentOutcome.Hospitalised, false) => "Hospitalised",
            (IncidentOutcome.Deceased, false) => "Deceased",
            (IncidentOutcome.FalseAlarm, false) => "False alarm",
            _ => "Other",
        };

        public static string Actor(string? by, bool zh) => by switch
        {
            null => "",
            "system" => zh ? "系统" : "System",
            "retiree" => zh ? "老人本人" : "The retiree",
            _ => by,
        };

        /// <summary>A person's note as written; a note the system wrote, in the file's language.</summary>
        public static string Note(IncidentSummary s, bool zh)
        {
            string Arg(string k) => s.NoteArgs?.GetValueOrDefault(k) ?? "";
            return (s.NoteCode, zh) switch
            {
                (null, _) => s.Note ?? "",
                ("resolution.registryDeceased", true) => "档案记录老人已去世，预警已停止。",
                ("resolution.helpTookOver", true) => "老人发出求助，由紧急事件接续处理。",
                ("resolution.bySms", true) => $"{Arg("name")}短信回复解决：“{Arg("text")}”",
                _ => s.Note ?? "",
            };
        }
    }
}
