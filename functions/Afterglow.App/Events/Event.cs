using System.Globalization;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Events;

namespace Afterglow.App.Events;

/// <summary>健康体检, 讲座, 出游, 慰问品领取, a meeting, or something else.</summary>
public enum EventKind { Checkup, Lecture, Outing, GiftPickup, Meeting, Other }

/// <summary>draft → open (invitations sent) → over when it starts; cancelled at any time before.</summary>
public enum EventState { Draft, Open, Cancelled }

/// <summary>An event the office invites a segment to, with a capacity and a waiting list.</summary>
public sealed record Event
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public EventKind Kind { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public required string Place { get; init; }
    public int Capacity { get; init; }
    public string? SegmentId { get; init; }
    public RetireeFilter Filter { get; set; } = new();
    /// <summary>What retirees living elsewhere are told instead of an invitation (e.g. "请在当地定点医院体检，凭票报销").</summary>
    public string? ElsewhereText { get; init; }
    /// <summary>Four digits a retiree adds to a reply ("1 3807") to say which event they answer.</summary>
    public required string Code { get; init; }
    public EventState State { get; init; }
    public int Invited { get; init; }
    public int Joined { get; init; }
    public int Waiting { get; init; }
    public int Declined { get; init; }
    public int Attended { get; init; }
    public DateTimeOffset? InvitedAt { get; init; }
    /// <summary>Every invitation of the last run is in the outbox; until then the reminder timer runs the invitations again.</summary>
    public bool InvitesQueued { get; init; }
    /// <summary>The day-before reminders are in the outbox.</summary>
    public bool Reminded { get; init; }
    /// <summary>Counts edits of what staff type (not sign-ups): the ETag of If-Match, so answers arriving meanwhile do not block an edit.</summary>
    public int Revision { get; init; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"r{Revision}\"";
}

/// <summary>One retiree's row on an event: their answer, their place in the queue, whether they came.</summary>
public sealed record Attendee
{
    public required string RetireeId { get; init; }
    public required string Name { get; init; }
    public required string Mobile { get; init; }
    public string Language { get; set; } = "zh-CN";
    public string? Unit { get; init; }
    public AttendeeState State { get; init; }
    /// <summary>"sms", or the email of the staff member who took the answer on the phone.</summary>
    public string? AnsweredBy { get; init; }
    public DateTimeOffset? InvitedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? WaitingSince { get; init; }
    /// <summary>True came, false did not; null not recorded yet.</summary>
    public bool? Attended { get; init; }
    public string? AttendanceBy { get; init; }
    /// <summary>Counts every change; the SMS that tells of a change is keyed by it, so it goes once.</summary>
    public int Version { get; init; }
    /// <summary>The SMS still to send about the last change (a template id); cleared once it is queued.</summary>
    public string? Notice { get; init; }
}

public sealed record EventInput(string? Title, EventKind? Kind, DateOnly? Date, string? Time, string? Place, int? Capacity,
    string? SegmentId, RetireeFilter? Filter, string? ElsewhereText);

public sealed record EventView(string Id, string Title, EventKind Kind, DateTimeOffset StartsAt, string Place, int Capacity, string? SegmentId,
    RetireeFilter Filter, string? ElsewhereText, string Code, EventState State, bool Past, int Invited, int Joined, int Waiting, int Declined,
    int Attended, int NoShows, DateTimeOffset? InvitedAt, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record AttendeeView(string RetireeId, string Name, string Mobile, string? Unit, AttendeeState State, string? AnsweredBy,
    DateTimeOffset? AnsweredAt, int? WaitingPosition, bool? Attended, bool NoShow);

/// <summary>A retiree's invitations, for their page and its timeline.</summary>
public sealed record RetireeEventView(string EventId, string Title, EventKind Kind, DateTimeOffset StartsAt, string Place, EventState EventState,
    AttendeeState State, DateTimeOffset? InvitedAt, DateTimeOffset? AnsweredAt, bool? Attended, bool NoShow);

public sealed record StaffAnswerInput(string? RetireeId, SignUpAnswer? Answer);
public sealed record AttendanceInput(bool? Attended);

public static class EventMapping
{
    /// <summary>Someone who had a place, and the event has begun, with no attendance marked "came".</summary>
    public static bool IsNoShow(Attendee a, Event e, DateTimeOffset now) => a.State == AttendeeState.Joined && e.StartsAt <= now && a.Attended != true;

    public static EventView ToView(this Event e, DateTimeOffset now) => new(e.Id, e.Title, e.Kind, e.StartsAt, e.Place, e.Capacity, e.SegmentId, e.Filter,
        e.ElsewhereText, e.Code, e.State, e.StartsAt <= now, e.Invited, e.Joined, e.Waiting, e.Declined, e.Attended,
        e.StartsAt <= now && e.State != EventState.Cancelled ? Math.Max(0, e.Joined - e.Attended) : 0, e.InvitedAt, e.CreatedBy, e.CreatedAt);

    public static AttendeeView ToView(this Attendee a, Event e, IReadOnlyList<WaitingEntry> waiting, DateTimeOffset now) => new(a.RetireeId, a.Name,
        a.Mobile, a.Unit, a.State, a.AnsweredBy, a.AnsweredAt, a.State == AttendeeState.Waiting ? SignUps.PositionOf(a.RetireeId, waiting) : null,
        a.Attended, IsNoShow(a, e, now));

    public static IReadOnlyList<WaitingEntry> WaitingList(IEnumerable<Attendee> attendees) =>
        attendees.Where(a => a.State == AttendeeState.Waiting).Select(a => new WaitingEntry(a.RetireeId, a.WaitingSince ?? DateTimeOffset.MinValue)).ToList();
}

public static class EventValidation
{
    public const int MaxTitle = 60;
    public const int MaxPlace = 100;
    public const int MaxElsewhere = 200;

    /// <summary>The fields of an event from the request (the filter is checked by the caller, who may read a segment), or field errors.</summary>
    public static (string Title, EventKind Kind, DateTimeOffset StartsAt, string Place, int Capacity, string? Elsewhere)? Read(
        EventInput body, Office.OfficeClock clock, FieldErrors errors)
    {
        var title = body.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitle) errors.Add("title", $"Between 1 and {MaxTitle} characters.");
        if (body.Kind is null) errors.Add("kind", "Choose the kind of event.");
        if (body.Date is null) errors.Add("date", "Enter the day of the event.");
        TimeOnly at = default;
        if (body.Time is null || !TimeOnly.TryParseExact(body.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
            errors.Add("time", "Enter the time as HH:mm, e.g. 08:30.");
        var place = body.Place?.Trim() ?? "";
        if (place.Length is 0 or > MaxPlace) errors.Add("place", $"Between 1 and {MaxPlace} characters.");
        if (body.Capacity is not { } capacity || capacity < 1 || capacity > SignUps.MaxCapacity) errors.Add("capacity", $"A number of places from 1 to {SignUps.MaxCapacity}.");
        var elsewhere = string.IsNullOrWhiteSpace(body.ElsewhereText) ? null : body.ElsewhereText.Trim();
        if (elsewhere?.Length > MaxElsewhere) errors.Add("elsewhereText", $"At most {MaxElsewhere} characters.");
        if (errors.Any) return null;
        var startsAt = clock.ToUtc(body.Date!.Value, at);
        if (startsAt <= clock.UtcNow) { errors.Add("date", "The event must be in the future."); return null; }
        return (title, body.Kind!.Value, startsAt, place, body.Capacity!.Value, elsewhere);
    }

    /// <summary>When, as the SMS says it in the office's time: "12月3日 08:30" or "Dec 3, 08:30".</summary>
    public static string When(DateTimeOffset startsAt, Office.OfficeClock clock, string language)
    {
        var local = clock.ToLocal(startsAt);
        return language.StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? local.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
    }
}
