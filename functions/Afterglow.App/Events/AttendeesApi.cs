using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Import;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Events;
using Afterglow.Domain.Phones;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Events;

/// <summary>
/// Who is on an event's list: answers taken on the phone, attendance on the day, the sign-up list and the sign-in
/// sheet as files. Staff only; a retiree's own invitations are readable by whoever may see the retiree.
/// </summary>
public static class AttendeesApi
{
    public static void MapAttendees(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/events/{id}").RequireAuthorization(Policies.Staff);
        group.MapGet("/attendees", ListAsync);
        group.MapPost("/attendees", AnswerAsync);
        group.MapPut("/attendees/{retireeId}/attendance", AttendanceAsync);
        group.MapGet("/export", ExportAsync);
        routes.MapGet("/api/retirees/{id}/events", ForRetireeAsync).RequireAuthorization(Policies.SignedIn);
    }

    private static async Task<Results<Ok<List<AttendeeView>>, NotFound>> ListAsync(string id, EventStore store, OfficeClock clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _)) return TypedResults.NotFound();
        var rows = (await store.AttendeesAsync(id, ct)).Select(x => x.Attendee).ToList();
        var waiting = EventMapping.WaitingList(rows);
        return TypedResults.Ok(Ordered(rows).Select(a => a.ToView(e, waiting, clock.UtcNow)).ToList());
    }

    /// <summary>Those with a place first, then the waiting list, then the rest; by name within each.</summary>
    private static IEnumerable<Attendee> Ordered(IEnumerable<Attendee> rows) =>
        rows.OrderBy(a => a.State switch { AttendeeState.Joined => 0, AttendeeState.Waiting => 1, AttendeeState.Invited => 2, AttendeeState.Elsewhere => 3, _ => 4 })
            .ThenBy(a => a.State == AttendeeState.Waiting ? a.WaitingSince : null).ThenBy(a => a.Name, RetireesApi.ByName.Value).ThenBy(a => a.RetireeId, StringComparer.Ordinal);

    /// <summary>An answer given on the phone: join (a place, or the waiting list when full) or decline. Anyone in the registry may be signed up.</summary>
    private static async Task<Results<Ok<AttendeeView>, NotFound, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string id, StaffAnswerInput body, EventStore store, EventSignUps signUps, RegistryIndex index, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.RetireeId) || !EventStore.IsRetireeId(body.RetireeId)) errors.Add("retireeId", "Choose a retiree.");
        else
        {
            await index.EnsureCurrentAsync(ct);
            if (index.Find(body.RetireeId) is null) errors.Add("retireeId", "No retiree with this id.");
        }
        if (body.Answer is null) errors.Add("answer", "join or decline.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (e.State != EventState.Open) return TypedResults.Problem(statusCode: 409, title: "The event is not taking answers.", detail: "Send the invitations first; a cancelled event takes none.");
        if (e.StartsAt <= clock.UtcNow) return TypedResults.Problem(statusCode: 409, title: "The event is not taking answers.", detail: "It has begun.");
        var caller = Caller.From(http.User);
        var result = await signUps.AnswerAsync(id, body.RetireeId!, body.Answer!.Value, caller.Email, mayAdd: true, ct);
        if (result.State is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["retireeId"] = ["This retiree cannot be signed up (deceased or archived)."] });
        if (result.Changed) await audit.RecordAsync(caller, "event.answer", body.RetireeId, $"Event {id} \"{e.Title}\": {body.Answer} → {result.State}", ct);
        return TypedResults.Ok(await ViewAsync(store, id, body.RetireeId!, clock, ct));
    }

    private static async Task<AttendeeView> ViewAsync(EventStore store, string id, string retireeId, OfficeClock clock, CancellationToken ct)
    {
        var e = (await store.GetAsync(id, ct))!.Value.Event;
        var a = (await store.GetAttendeeAsync(id, retireeId, ct))!.Value.Attendee;
        var waiting = a.State == AttendeeState.Waiting ? EventMapping.WaitingList((await store.WaitingAsync(id, ct)).Select(w => w.Attendee)) : [];
        return a.ToView(e, waiting, clock.UtcNow);
    }

    /// <summary>
    /// Came (true) or did not (false), tapped on the day. Setting a value twice is the same as once, so two phones
    /// marking the same person need no If-Match; the last tap wins, as on a paper list.
    /// </summary>
    private static async Task<Results<Ok<AttendeeView>, NotFound, ValidationProblem>> AttendanceAsync(
        string id, string retireeId, AttendanceInput body, EventStore store, EventSignUps signUps, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _) || await store.GetAttendeeAsync(id, retireeId, ct) is null) return TypedResults.NotFound();
        if (body.Attended is not { } attended) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attended"] = ["true (came) or false (did not)."] });
        // From the morning of the day on: attendance is taken at the door, not weeks before.
        if (clock.ToLocal(e.StartsAt).Date > clock.LocalNow.Date)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attended"] = [$"Attendance is taken from the day of the event ({clock.ToLocal(e.StartsAt):yyyy-MM-dd}) on."] });
        var caller = Caller.From(http.User);
        var before = (await store.GetAttendeeAsync(id, retireeId, ct))!.Value.Attendee;
        await signUps.MarkAttendanceAsync(id, retireeId, attended, caller.Email, ct);
        if (before.Attended != attended) await audit.RecordAsync(caller, "event.attendance", retireeId, $"Event {id} \"{e.Title}\": {(attended ? "came" : "did not come")}", ct);
        return TypedResults.Ok(await ViewAsync(store, id, retireeId, clock, ct));
    }

    /// <summary>?list=signups (everyone and their answer) or signin (those with a place, a column to sign); csv, xlsx or json (to print); zh-CN or en.</summary>
    private static async Task<Results<FileContentHttpResult, Ok<RetireeExport.ExportTable>, ValidationProblem, NotFound>> ExportAsync(
        string id, HttpRequest request, EventStore store, PhoneNumberRules phones, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (e, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var (format, zh) = RetireeExport.FormatAndLanguage(request, errors, defaultFormat: "xlsx", printable: true);
        var list = request.Query["list"].FirstOrDefault() ?? "signups";
        if (list is not ("signups" or "signin")) errors.Add("list", "signups or signin.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var rows = Ordered((await store.AttendeesAsync(id, ct)).Select(x => x.Attendee)).ToList();
        var waiting = EventMapping.WaitingList(rows);
        var now = clock.UtcNow;
        string Day(DateTimeOffset? t) => t is { } v ? clock.ToLocal(v).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        List<string> header;
        IEnumerable<IReadOnlyList<string>> lines;
        if (list == "signin")
        {
            header = zh ? ["序号", "姓名", "单位", "手机", "签名"] : ["No.", "Name", "Unit", "Mobile", "Signature"];
            lines = rows.Where(a => a.State == AttendeeState.Joined).OrderBy(a => a.Name, RetireesApi.ByName.Value)
                .Select((a, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), a.Name, a.Unit ?? "", phones.Display(a.Mobile), ""]);
        }
        else
        {
            header = zh ? ["姓名", "单位", "手机", "状态", "候补位次", "回复时间", "登记人", "是否到场"] : ["Name", "Unit", "Mobile", "State", "Waiting position", "Answered at", "Answered by", "Attended"];
            lines = rows.Select(a => a.ToView(e, waiting, now)).Select(v => (IReadOnlyList<string>)[v.Name, v.Unit ?? "", v.Mobile, StateWord(v.State, zh),
                v.WaitingPosition?.ToString(CultureInfo.InvariantCulture) ?? "", Day(v.AnsweredAt), v.AnsweredBy ?? "",
                v.Attended is { } came ? (came ? (zh ? "到场" : "came") : (zh ? "未到" : "did not come")) : v.NoShow ? (zh ? "未到" : "no-show") : ""]);
        }
        await audit.RecordAsync(Caller.From(http.User), "event.export", null, $"Exported the {list} list of event {id}{(format == "json" ? " to print" : "")}", ct);
        // The printed sheet is this file's table: one rule for who is on it and in what order.
        if (format == "json") return TypedResults.Ok(new RetireeExport.ExportTable(header, lines.ToList()));
        var date = clock.ToLocal(e.StartsAt).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var name = list == "signin" ? (zh ? $"签到表-{date}" : $"sign-in-{date}") : (zh ? $"报名名单-{date}" : $"sign-ups-{date}");
        var sheet = list == "signin" ? (zh ? "签到表" : "Sign-in") : (zh ? "报名名单" : "Sign-ups");
        return RetireeExport.File(format, header, lines, zh, name, sheet: sheet);
    }

    private static string StateWord(AttendeeState s, bool zh) => (s, zh) switch
    {
        (AttendeeState.Joined, true) => "已报名", (AttendeeState.Waiting, true) => "候补", (AttendeeState.Declined, true) => "不参加",
        (AttendeeState.Invited, true) => "未回复", (AttendeeState.Elsewhere, true) => "异地", (_, _) => s.ToString().ToLowerInvariant(),
    };

    /// <summary>A retiree's invitations, newest first: for their page and its timeline. A volunteer's paired retiree only (others 404).</summary>
    private static async Task<Results<Ok<List<RetireeEventView>>, NotFound>> ForRetireeAsync(
        string id, RetireeStore retirees, EventStore store, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(Caller.From(http.User), found.Value.Retiree)) return TypedResults.NotFound();
        var list = new List<RetireeEventView>();
        foreach (var (eventId, _) in await store.InvitationsAsync(id, ct))
        {
            if (await store.GetAsync(eventId, ct) is not var (e, _) || await store.GetAttendeeAsync(eventId, id, ct) is not var (a, _)) continue;
            list.Add(new RetireeEventView(e.Id, e.Title, e.Kind, e.StartsAt, e.Place, e.State, a.State, a.InvitedAt, a.AnsweredAt, a.Attended, EventMapping.IsNoShow(a, e, clock.UtcNow)));
        }
        return TypedResults.Ok(list.OrderByDescending(v => v.StartsAt).ToList());
    }
}
