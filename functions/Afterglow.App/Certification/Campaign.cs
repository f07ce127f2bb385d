using Afterglow.App.Retirees;
using Afterglow.Domain.Certification;

namespace Afterglow.App.Certification;

/// <summary>
/// A year's pension qualification certification (养老金资格认证): who must certify (a segment; by default everyone
/// alive), by when, and the text that tells them how. Reminders go in rounds; a round is keyed, so a crash part way is
/// finished by the next press of the button, never sent twice.
/// </summary>
public sealed record Campaign
{
    public required string Id { get; init; }
    public int Year { get; init; }
    public DateOnly Deadline { get; init; }
    public string? SegmentId { get; init; }
    public RetireeFilter Filter { get; set; } = new();
    /// <summary>How to certify, sent with each reminder ("可通过手机人脸识别认证，或携带身份证到离退休处办理").</summary>
    public required string HowText { get; init; }
    /// <summary>How those living elsewhere certify where they live.</summary>
    public required string ElsewhereText { get; init; }
    /// <summary>Reminder rounds started; the last one's SMS are all queued once <see cref="RoundQueued"/>.</summary>
    public int Rounds { get; init; }
    public bool RoundQueued { get; set; } = true;
    public DateTimeOffset? LastRemindedAt { get; init; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One retiree in a campaign: their state, how it was done, the reminders sent, and the lines of their timeline.</summary>
public sealed record Certifying
{
    public required string RetireeId { get; init; }
    public required string Name { get; init; }
    public CertificationState State { get; init; }
    public CertifiedHow? How { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public string? DoneBy { get; init; }
    public int Reminders { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<CertificationLine> Lines { get; set; } = [];
}

/// <summary>One line of a retiree's timeline: a code the dashboard words (certification.line.*) with its parameters.</summary>
public sealed record CertificationLine(DateTimeOffset At, string Code, string By, IReadOnlyDictionary<string, string> Args);

public sealed record CampaignInput(int? Year, DateOnly? Deadline, string? SegmentId, RetireeFilter? Filter, string? HowText, string? ElsewhereText);

public sealed record MarkInput(CertificationState? State, CertifiedHow? How, string? Note);

public sealed record BatchDoneInput(IReadOnlyList<string>? RetireeIds, CertifiedHow? How);

public sealed record VisitDoneInput(string? CampaignId, string? Note);

/// <summary>A campaign with its numbers: everyone still alive in it, by state; missing is everyone not done.</summary>
public sealed record CampaignView(string Id, int Year, DateOnly Deadline, int DaysLeft, string? SegmentId, RetireeFilter Filter, string HowText,
    string ElsewhereText, int Total, int Done, int Missing, IReadOnlyDictionary<string, int> ByState, int Rounds, DateTimeOffset? LastRemindedAt,
    string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A row of the campaign's list, with what the registry says now (name, unit, city, phone).</summary>
public sealed record CertifyingView(string RetireeId, string Name, string? Unit, string? City, bool LivesElsewhere, string Mobile,
    CertificationState State, CertifiedHow? How, DateTimeOffset? DoneAt, string? DoneBy, int Reminders, DateTimeOffset? RemindedAt, string? Note);

public sealed record CertifyingPage(CampaignView Campaign, IReadOnlyList<CertifyingView> Items);

/// <summary>A retiree's certification in one campaign, for their page and its timeline.</summary>
public sealed record RetireeCertificationView(string CampaignId, int Year, DateOnly Deadline, int DaysLeft, CertificationState State,
    CertifiedHow? How, DateTimeOffset? DoneAt, IReadOnlyList<CertificationLine> Lines);

public sealed record RemindResult(int Queued, int NotBySms, CampaignView Campaign);

public sealed record BatchResult(int Changed, IReadOnlyList<string> NotInCampaign, CampaignView Campaign);

public static class CertificationMapping
{
    public static string Word<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static CampaignView ToView(this Campaign c, IReadOnlyList<Certifying> alive, DateOnly today)
    {
        var byState = Enum.GetValues<CertificationState>().ToDictionary(Word, s => alive.Count(x => x.State == s));
        var done = byState[Word(CertificationState.Done)];
        return new(c.Id, c.Year, c.Deadline, CertificationRules.DaysLeft(c.Deadline, today), c.SegmentId, c.Filter, c.HowText, c.ElsewhereText,
            alive.Count, done, alive.Count - done, byState, c.Rounds, c.LastRemindedAt, c.CreatedBy, c.CreatedAt);
    }

    public static CertifyingView ToView(this Certifying x, RetireeSummary s) => new(x.RetireeId, s.Name, s.Unit, s.City, s.LivesElsewhere, s.Mobile,
        x.State, x.How, x.DoneAt, x.DoneBy, x.Reminders, x.RemindedAt, x.Note);

    public static CertificationLine Line(DateTimeOffset at, string code, string by, params (string Key, string Value)[] args) =>
        new(at, code, by, args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));
}
