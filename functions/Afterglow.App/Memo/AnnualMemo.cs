using Afterglow.App.Problems;
using Afterglow.App.Retirees;

namespace Afterglow.App.Memo;

/// <summary>What a date of the year is (工作备忘录): a festival with visits, the checkup season, the certification deadline …</summary>
public enum MemoKind { Festival, Checkup, Certification, BranchMeeting, BirthdayCelebration, Other }

/// <summary>One date of the memo; <see cref="BroadcastId"/> once it was drafted as an SMS to a segment.</summary>
public sealed record MemoEntry(string Id, DateOnly Date, string Title, MemoKind Kind, string? Note, string? SmsText, string? BroadcastId = null);

/// <summary>The office's memo of one year: its dates in order.</summary>
public sealed record AnnualMemo
{
    public int Year { get; init; }
    public IReadOnlyList<MemoEntry> Entries { get; set; } = [];
    public int Revision { get; init; }
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string ETag => $"\"{Revision}\"";
}

public sealed record MemoEntryInput(string? Id, DateOnly? Date, string? Title, MemoKind? Kind, string? Note, string? SmsText);
public sealed record MemoInput(IReadOnlyList<MemoEntryInput?>? Entries);

/// <summary>The body of POST /api/memos/{year}/send: to whom, and how many days before each date at what time.</summary>
public sealed record MemoSendInput(string? SegmentId, RetireeFilter? Filter, int? DaysBefore, string? At);
public sealed record MemoSendResult(int Drafted, int AlreadyDrafted, int Past, IReadOnlyList<string> BroadcastIds, AnnualMemo Memo);

public static class MemoValidation
{
    public const int MaxEntries = 100;
    public const int MaxTitle = 100;
    public const int MaxNote = 500;
    public const int MaxSms = 300;

    /// <summary>The entries from the body, each checked and named as the JSON names it; an entry keeps its id (and its drafted broadcast).</summary>
    public static IReadOnlyList<MemoEntry>? Read(MemoInput body, AnnualMemo current, FieldErrors errors)
    {
        var input = body.Entries;
        if (input is null) { errors.Add("entries", "List the year's dates (an empty list clears the memo)."); return null; }
        if (input.Count > MaxEntries) { errors.Add("entries", $"At most {MaxEntries} dates."); return null; }
        var list = new List<MemoEntry>();
        for (var i = 0; i < input.Count; i++)
        {
            var e = input[i];
            var at = $"entries[{i}]";
            if (e is null) { errors.Add(at, "A date: date, title, kind."); continue; }
            if (e.Date is not { } date) errors.Add($"{at}.date", "Enter the date.");
            else if (date.Year != current.Year) errors.Add($"{at}.date", $"A date in {current.Year}.");
            var title = e.Title?.Trim();
            if (string.IsNullOrEmpty(title) || title.Length > MaxTitle) errors.Add($"{at}.title", $"Between 1 and {MaxTitle} characters.");
            if (e.Kind is null) errors.Add($"{at}.kind", "Choose what the date is: festival, checkup, certification, branchMeeting, birthdayCelebration or other.");
            var note = string.IsNullOrWhiteSpace(e.Note) ? null : e.Note.Trim();
            if (note?.Length > MaxNote) errors.Add($"{at}.note", $"At most {MaxNote} characters.");
            var sms = string.IsNullOrWhiteSpace(e.SmsText) ? null : e.SmsText.Trim();
            if (sms?.Length > MaxSms) errors.Add($"{at}.smsText", $"At most {MaxSms} characters.");
            var kept = e.Id is null ? null : current.Entries.FirstOrDefault(x => x.Id == e.Id);
            if (e.Id is not null && kept is null) errors.Add($"{at}.id", "No such date in this memo; leave the id out for a new one.");
            else if (kept is not null && list.Any(x => x.Id == kept.Id)) errors.Add($"{at}.id", "This date is listed twice.");
            if (errors.Any) continue;
            list.Add(new(kept?.Id ?? "e" + Guid.NewGuid().ToString("N")[..10], e.Date!.Value, title!, e.Kind!.Value, note, sms, kept?.BroadcastId));
        }
        return errors.Any ? null : list.OrderBy(x => x.Date).ThenBy(x => x.Title, StringComparer.Ordinal).ToList();
    }
}
