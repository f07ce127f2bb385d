using Afterglow.Domain.Registry;

namespace Afterglow.App.Retirees;

/// <summary>
/// The few fields lists, filters, search and segments need. Kept on each retiree row and in the in-memory
/// registry index, so a list page never reads full profiles.
/// </summary>
public sealed record RetireeSummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Mobile { get; init; }
    public string? Landline { get; init; }
    public string? IdNumber { get; init; }
    public DateOnly BirthDate { get; init; }
    public AgeBand AgeBand { get; init; }
    public RiskTier Tier { get; init; }
    public RetireeStatus Status { get; init; }
    public DateOnly? DeceasedOn { get; init; }
    /// <summary>离休 or 退休, for segments (a summary stored before this field reads as 退休 until the record is saved again).</summary>
    public RetirementType RetirementType { get; init; }
    public string? Unit { get; init; }
    public string? PartyBranch { get; init; }
    public string? City { get; init; }
    public bool LivesElsewhere { get; init; }
    public bool LivesAlone { get; init; }
    public string? Area { get; init; }
    public IReadOnlyList<string> VolunteerIds { get; set; } = [];
    public IReadOnlyList<string> Groups { get; set; } = [];
    public string Language { get; set; } = "zh-CN";
    public bool SmsConsent { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; init; }

    public static RetireeSummary Of(Retiree r, DateOnly today) => new()
    {
        Id = r.Id,
        Name = r.Profile.Name,
        Mobile = r.Profile.Mobile,
        Landline = r.Profile.Landline,
        IdNumber = r.Profile.IdNumber,
        BirthDate = r.Profile.BirthDate,
        AgeBand = RiskAssessment.BandOn(r.Profile.BirthDate, today),
        Tier = r.Tier,
        Status = r.Profile.Status,
        DeceasedOn = r.Profile.DeceasedOn,
        RetirementType = r.Profile.RetirementType,
        Unit = r.Profile.Unit,
        PartyBranch = r.Profile.PartyBranch,
        City = r.Profile.City,
        LivesElsewhere = r.Profile.LivesElsewhere,
        LivesAlone = r.Profile.Living == LivingArrangement.Alone,
        Area = r.Profile.Area,
        VolunteerIds = r.Profile.VolunteerIds,
        Groups = r.Profile.Groups,
        Language = r.Profile.Language,
        SmsConsent = r.Profile.SmsConsent,
        UpdatedAt = r.UpdatedAt,
    };
}
