using Afterglow.Domain.Bereavement;

namespace Afterglow.App.Bereavement;

/// <summary>
/// A death the office recorded and what follows it: the checklist, the next of kin the office keeps in touch with,
/// and the case's own timeline. Archived once every item is done or not needed.
/// </summary>
public sealed record BereavementCase
{
    public required string RetireeId { get; init; }
    public required string Name { get; init; }
    public DateOnly DiedOn { get; init; }
    /// <summary>The office day the death was recorded: the checklist's due days count from it.</summary>
    public DateOnly LearnedOn { get; init; }
    public LearnedFrom LearnedFrom { get; init; }
    public string? LearnedNote { get; init; }
    public NextOfKin? NextOfKin { get; init; }
    public IReadOnlyList<ChecklistItem> Items { get; set; } = [];
    public IReadOnlyList<CaseLine> Lines { get; set; } = [];
    /// <summary>The registry says deceased, the volunteer and liaison SMS are queued, the death is counted; until then recording again finishes it.</summary>
    public bool Announced { get; init; }
    public bool Archived { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>Counts edits by staff: the ETag of If-Match, so the announcement finishing meanwhile does not block an edit.</summary>
    public int Revision { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"r{Revision}\"";
}

/// <summary>One line of the case's timeline: a code the dashboard words (bereavement.line.*) with its parameters.</summary>
public sealed record CaseLine(DateTimeOffset At, string Code, string By, IReadOnlyDictionary<string, string> Args);

public sealed record DeathInput(DateOnly? DiedOn, LearnedFrom? LearnedFrom, string? LearnedNote, string? NextOfKin, string? AssigneeId);

public sealed record ItemInput(ChecklistItemState? State, string? AssigneeId, DateOnly? Due, string? Note);

public sealed record NextOfKinInput(string? Source);

public sealed record ChecklistItemView(ChecklistItemKind Kind, DateOnly Due, string? AssigneeId, string? AssigneeName, ChecklistItemState State,
    string? Note, DateTimeOffset? ClosedAt, string? ClosedBy, bool Overdue);

public sealed record BereavementView(string RetireeId, string Name, DateOnly DiedOn, DateOnly LearnedOn, LearnedFrom LearnedFrom, string? LearnedNote,
    NextOfKin? NextOfKin, IReadOnlyList<ChecklistItemView> Items, IReadOnlyList<CaseLine> Lines, bool Archived, DateTimeOffset? ArchivedAt,
    string RecordedBy, DateTimeOffset RecordedAt, string ETag);

/// <summary>A retiree's bereavement: the case if a death is recorded, and (for staff) whom the next of kin may be.</summary>
public sealed record BereavementPage(BereavementView? Case, IReadOnlyList<NextOfKin> NextOfKinChoices, bool SurvivorAidApplies);

/// <summary>An open case on the staff's list: what is left and what is late.</summary>
public sealed record BereavementSummary(string RetireeId, string Name, DateOnly DiedOn, DateOnly LearnedOn, int Open, IReadOnlyList<ChecklistItemView> Overdue, DateOnly? NextDue);

public static class BereavementMapping
{
    public static BereavementView ToView(this BereavementCase c, DateOnly today, IReadOnlyDictionary<string, string> names) => new(c.RetireeId, c.Name,
        c.DiedOn, c.LearnedOn, c.LearnedFrom, c.LearnedNote, c.NextOfKin, c.Items.Select(i => i.ToView(today, names)).ToList(), c.Lines,
        c.Archived, c.ArchivedAt, c.RecordedBy, c.RecordedAt, c.ETag);

    public static ChecklistItemView ToView(this ChecklistItem i, DateOnly today, IReadOnlyDictionary<string, string> names) => new(i.Kind, i.Due, i.AssigneeId,
        i.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, i.State, i.Note, i.ClosedAt, i.ClosedBy, i.State == ChecklistItemState.Open && i.Due < today);

    public static BereavementSummary ToSummary(this BereavementCase c, DateOnly today, IReadOnlyDictionary<string, string> names) => new(c.RetireeId, c.Name,
        c.DiedOn, c.LearnedOn, c.Items.Count(i => i.State == ChecklistItemState.Open),
        Checklist.Overdue(c.Items, today).Select(i => i.ToView(today, names)).ToList(),
        c.Items.Where(i => i.State == ChecklistItemState.Open).Select(i => (DateOnly?)i.Due).Min());

    public static string Word<T>(T value) where T : struct, Enum => Reports.ReportKinds.State(value);
}
