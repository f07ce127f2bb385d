using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Memo;

/// <summary>
/// The annual memo (工作备忘录), staff only: the year's dates on one page, exported, and sent as an SMS series to a
/// segment — one broadcast draft per date still ahead, through the broadcasts' own checks and approval. Edits carry If-Match.
/// </summary>
public static class MemoApi
{
    public const int DefaultDaysBefore = 3;

    public static void MapMemo(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/memos/{year}").RequireAuthorization(Policies.Staff);
        group.MapGet("", GetAsync);
        group.MapPut("", SaveAsync);
        group.MapGet("/export", ExportAsync);
        group.MapPost("/send", SendAsync);
    }

    private static bool IsYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100 && text.Length == 4;

    private static async Task<Results<Ok<AnnualMemo>, NotFound>> GetAsync(string year, MemoStore store, HttpContext http, CancellationToken ct)
    {
        if (!IsYear(year, out var y)) return TypedResults.NotFound();
        var (memo, _) = await store.GetAsync(y, ct);
        http.Response.Headers.ETag = memo.ETag;
        return TypedResults.Ok(memo);
    }

    private static async Task<Results<Ok<AnnualMemo>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string year, MemoInput body, [FromHeader(Name = "If-Match")] string? ifMatch, MemoStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!IsYear(year, out var y)) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        var (current, etag) = await store.GetAsync(y, ct);
        if (current.ETag != ifMatch.Trim()) return Stale();
        var errors = new FieldErrors();
        if (MemoValidation.Read(body, current, errors) is not { } entries) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var next = current with { Entries = entries, Revision = current.Revision + 1, UpdatedBy = caller.Email, UpdatedAt = clock.UtcNow };
        if (!await store.TrySaveAsync(next, etag, ct)) return Stale();
        await audit.RecordAsync(caller, "memo.update", null, $"Saved the memo of {y}: {entries.Count} dates", ct);
        http.Response.Headers.ETag = next.ETag;
        return TypedResults.Ok(next);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ExportAsync(
        string year, HttpRequest request, MemoStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!IsYear(year, out var y)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors, defaultFormat: "xlsx");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (memo, _) = await store.GetAsync(y, ct);
        var header = zh ? new List<string> { "日期", "事项", "类别", "说明", "短信内容" } : ["Date", "What", "Kind", "Note", "SMS text"];
        var rows = memo.Entries.Select(e => (IReadOnlyList<string>)[e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Title,
            Reports.ReportWords.Of($"memoKind.{Reports.ReportKinds.State(e.Kind)}", zh), e.Note ?? "", e.SmsText ?? ""]);
        await audit.RecordAsync(Caller.From(http.User), "memo.export", null, $"Exported the memo of {y}", ct);
        return RetireeExport.File(format, header, rows, zh, zh ? $"工作备忘录-{y}" : $"annual-memo-{y}", sheet: zh ? "工作备忘录" : "Annual memo");
    }

    /// <summary>
    /// One broadcast draft per date still ahead, sent <c>daysBefore</c> days before it at <c>at</c> (office time). A
    /// draft's id comes from the memo's year and the date's id, so sending again (or after a crash) drafts nothing twice.
    /// </summary>
    private static async Task<Results<Ok<MemoSendResult>, NotFound, ValidationProblem, ProblemHttpResult>> SendAsync(
        string year, MemoSendInput body, MemoStore store, BroadcastStore broadcasts, BroadcastQueue queue, SmsTemplates templates,
        OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!IsYear(year, out var y)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var days = body.DaysBefore ?? DefaultDaysBefore;
        if (days is < 0 or > 60) errors.Add("daysBefore", "From 0 to 60 days before each date.");
        var at = new TimeOnly(9, 0);
        if (body.At is not null && !TimeOnly.TryParseExact(body.At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out at)) errors.Add("at", "A time as HH:mm (e.g. 21:00).");
        if (body.SegmentId is null && body.Filter is null) errors.Add("segmentId", "To whom: a segment or a filter.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (memo, etag) = await store.GetAsync(y, ct);
        if (memo.Entries.Count == 0) return TypedResults.Problem(statusCode: 409, title: "The memo has no dates.", detail: "Add the year's dates first.");

        var caller = Caller.From(http.User);
        var (drafted, already, past) = (0, 0, 0);
        var ids = new List<string>();
        var entries = memo.Entries.ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var sendAt = clock.ToUtc(e.Date.AddDays(-days), at);
            if (e.BroadcastId is { } existing) { already++; ids.Add(existing); continue; }
            if (sendAt <= clock.UtcNow) { past++; continue; }
            var text = e.SmsText ?? $"{e.Date.Month}月{e.Date.Day}日 {e.Title}";
            var input = new BroadcastInput($"{y} {e.Title}", SmsTemplates.Notice, new() { ["text"] = text }, body.SegmentId, body.SegmentId is null ? body.Filter : null, sendAt, false);
            var (draft, draftErrors) = await BroadcastsApi.ValidateAsync(input, null, broadcasts, queue, templates, clock, caller, ct);
            // The segment and the text are the same for every date: the first date's errors are the request's.
            if (draft is null) return TypedResults.ValidationProblem(draftErrors.ToDictionary());
            draft = draft with { Id = BroadcastIdFor(y, e.Id) };
            if (await broadcasts.TrySaveAsync(draft, default, ct)) { drafted++; await audit.RecordAsync(caller, "broadcast.create", null, $"Drafted broadcast {draft.Id} \"{draft.Name}\" from the memo of {y}", ct); }
            else already++;
            entries[i] = e with { BroadcastId = draft.Id };
            ids.Add(draft.Id);
        }
        var next = memo with { Entries = entries, Revision = memo.Revision + 1, UpdatedBy = caller.Email, UpdatedAt = clock.UtcNow };
        // Lost to an edit meanwhile: the drafts stand (their ids find them again on the next send).
        if (drafted + already > 0 && await store.TrySaveAsync(next, etag, ct)) memo = next;
        await audit.RecordAsync(caller, "memo.send", null, $"Drafted {drafted} broadcasts from the memo of {y} ({already} drafted before, {past} past)", ct);
        http.Response.Headers.ETag = memo.ETag;
        return TypedResults.Ok(new MemoSendResult(drafted, already, past, ids, memo));
    }

    /// <summary>"b" and 12 hex digits, as the broadcasts' own ids, from the year and the date's id.</summary>
    public static string BroadcastIdFor(int year, string entryId) =>
        "b" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"memo|{year}|{entryId}")))[..12];

    private static ProblemHttpResult Stale() => TypedResults.Problem(statusCode: 412, title: "Someone else changed this memo since you opened it.",
        detail: "Reload it, check their change, and make yours again.");
}

public static class MemoExtensions
{
    /// <summary>The annual memo: one row per year (ADR 0017g).</summary>
    public static IServiceCollection AddMemo(this IServiceCollection services) => services.AddSingleton<MemoStore>();
}
