using Afterglow.Domain.Registry;

namespace Afterglow.App.Retirees;

public sealed record RetireeDto(
    string Id, int Age, AgeBand AgeBand, RiskTier Tier, IReadOnlyList<string> TierReasons,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, RetireeProfile Profile)
{
    /// <summary>The paired volunteers by name and phone, in order (primary first), for callers who cannot read People.</summary>
    public IReadOnlyList<PairedVolunteer>? Volunteers { get; init; }
}

public sealed record PairedVolunteer(string Id, string Name, string Phone);

public sealed record RetireeListItem(
    string Id, string Name, string Mobile, int Age, AgeBand AgeBand, RiskTier Tier, RetireeStatus Status,
    string? Unit, string? PartyBranch, string? City, bool LivesAlone, bool LivesElsewhere, string? Area, IReadOnlyList<string> VolunteerIds);

public sealed record RetireePage(IReadOnlyList<RetireeListItem> Items, int Total, int Page, int PageSize);

/// <summary>
/// The registry's head counts for the reports, in one answer: active retirees by age band and by risk tier, and
/// everyone by status. Keys are the values the list's filters take (<c>from80</c>, <c>high</c>, <c>deceased</c>);
/// a value nobody has is there with 0.
/// </summary>
public sealed record RetireeCounts(IReadOnlyDictionary<string, int> ActiveByAgeBand, IReadOnlyDictionary<string, int> ActiveByTier, IReadOnlyDictionary<string, int> ByStatus);

public sealed record ArchiveRequest(string? Reason);

public static class RetireeMapping
{
    public static RetireeDto ToDto(this Retiree r, DateOnly today)
    {
        var age = RiskAssessment.AgeOn(r.Profile.BirthDate, today);
        return new RetireeDto(r.Id, age, RiskAssessment.BandFor(age), r.Tier, r.TierReasons, r.CreatedAt, r.UpdatedAt, r.Profile);
    }

    public static RetireeListItem ToListItem(this RetireeSummary s, DateOnly today)
    {
        var age = RiskAssessment.AgeOn(s.BirthDate, today);
        return new RetireeListItem(s.Id, s.Name, s.Mobile, age, RiskAssessment.BandFor(age), s.Tier, s.Status,
            s.Unit, s.PartyBranch, s.City, s.LivesAlone, s.LivesElsewhere, s.Area, s.VolunteerIds);
    }
}
