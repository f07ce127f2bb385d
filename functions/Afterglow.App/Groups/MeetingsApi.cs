using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Groups;

public sealed record MeetingsYear(int Year, IReadOnlyList<ChecklistLine> Checklist, int HeldTowardsRequired, int Required, IReadOnlyList<MeetingView> Meetings);

/// <summary>
/// Meetings that were held (the day, the kind, the topic, who came) and a year's checklist against the branch's
/// required meetings. Recorded after the fact, so a meeting is never in the future. Staff only.
/// </summary>
public static class MeetingsApi
{
    public static void MapMeetings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/groups/{id}/meetings").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", RecordAsync);
        group.MapDelete("/{meetingId}", DeleteAsync);
    }

    private static MeetingView ToView(Meeting m) => new(m.Id, m.Date, m.Kind, m.Topic, m.AttendeeIds, m.AttendeeIds.Count, m.RecordedBy, m.RecordedAt);

    private static MeetingsYear YearOf(Group g, int year, IReadOnlyList<Meeting> meetings)
    {
        var checklist = GroupRules.Checklist(g, meetings);
        return new MeetingsYear(year, checklist, GroupRules.HeldTowardsRequired(checklist), g.Required.Values.Sum(), meetings.Select(ToView).ToList());
    }

    private static async Task<Results<Ok<MeetingsYear>, NotFound, ValidationProblem>> ListAsync(string id, int? year, GroupStore store, OfficeClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (GroupsApi.Year(year, clock, errors) is not { } y) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await store.GetAsync(id, ct) is not var (g, _)) return TypedResults.NotFound();
        return TypedResults.Ok(YearOf(g, y, await store.MeetingsAsync(id, y, ct)));
    }

    /// <summary>Records a meeting held; those who came must be members (someone who left since stays on the old record).</summary>
    private static async Task<Results<Created<MeetingView>, NotFound, ValidationProblem>> RecordAsync(
        string id, MeetingInput body, GroupStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (g, _)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        if (body.Date is not { } date) errors.Add("date", "Enter the day it was held.");
        else if (date > clock.Today) errors.Add("date", "Record a meeting once it was held (not a day in the future).");
        else if (date.Year < 2000) errors.Add("date", "A day from 2000 on.");
        if (body.Kind is not { } kind) errors.Add("kind", "organisation, committee, lecture, review or activity.");
        else if (g.Type != GroupType.Branch && kind != MeetingKind.Activity) errors.Add("kind", "Only a party branch holds organisation, committee, lecture and review meetings; record an activity.");
        var topic = body.Topic?.Trim() ?? "";
        if (topic.Length is 0 or > GroupRules.MaxTopic) errors.Add("topic", $"Between 1 and {GroupRules.MaxTopic} characters.");
        var attendees = (body.AttendeeIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (attendees.Count > 0)
        {
            var members = (await store.MembersAsync(id, ct)).Select(m => m.RetireeId).ToHashSet(StringComparer.Ordinal);
            var strangers = attendees.Where(a => !members.Contains(a)).ToList();
            if (strangers.Count > 0) errors.Add("attendeeIds", $"Not members of this group: {string.Join(", ", strangers.Take(5))}.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var caller = Caller.From(http.User);
        var meeting = new Meeting
        {
            Id = Guid.NewGuid().ToString("N")[..10], Date = body.Date!.Value, Kind = body.Kind!.Value, Topic = topic, AttendeeIds = attendees,
            RecordedBy = caller.Email, RecordedAt = clock.UtcNow,
        };
        await store.AddMeetingAsync(id, meeting, ct);
        await audit.RecordAsync(caller, "group.meeting", null, $"Group {id} \"{g.Name}\": {meeting.Kind} on {meeting.Date:yyyy-MM-dd}, {attendees.Count} came", ct);
        return TypedResults.Created($"/api/groups/{id}/meetings/{meeting.Id}", ToView(meeting));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, string meetingId, GroupStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null || meetingId.Length != 10 || !meetingId.All(char.IsAsciiHexDigitLower)) return TypedResults.NotFound();
        if (await store.DeleteMeetingAsync(id, meetingId, ct) is not { } gone) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "group.deleteMeeting", null, $"Group {id}: deleted the {gone.Kind} of {gone.Date:yyyy-MM-dd}", ct);
        return TypedResults.NoContent();
    }
}
