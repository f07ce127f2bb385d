namespace Afterglow.Domain.Registry;

/// <summary>One retiree's record (服务档案), in the groups the offices keep.</summary>
public sealed record Retiree
{
    public required string Id { get; init; }
    public required RetireeProfile Profile { get; init; }
    public RiskTier Tier { get; init; } = RiskTier.Standard;
    public IReadOnlyList<string> TierReasons { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What a coordinator types in; everything except name, birth date and mobile can come later.</summary>
public sealed record RetireeProfile
{
    // Identity
    public string Name { get; set; } = "";
    public Gender Gender { get; init; } = Gender.Unspecified;
    public DateOnly BirthDate { get; init; }
    public string? IdNumber { get; init; }
    public string? Unit { get; init; }
    /// <summary>职务/职称, as the office writes it.</summary>
    public string? Title { get; init; }
    public RetirementType RetirementType { get; init; } = RetirementType.Retired;
    public DateOnly? WorkStartDate { get; init; }
    public DateOnly? RetirementDate { get; init; }
    public string? Ethnicity { get; init; }

    // Contact
    public string Mobile { get; set; } = "";
    public string? Landline { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public bool LivesElsewhere { get; init; }
    /// <summary>The liaison area (网格) the retiree lives in.</summary>
    public string? Area { get; init; }

    // Household
    public LivingArrangement Living { get; init; } = LivingArrangement.Unknown;
    public bool EmptyNest { get; init; }
    public bool Childless { get; init; }
    public FamilyMember? Spouse { get; init; }
    public IReadOnlyList<FamilyMember> Children { get; set; } = [];

    // Health and care
    public IReadOnlyList<string> Conditions { get; set; } = [];
    public bool SeriousIllness { get; init; }
    public Mobility Mobility { get; init; } = Mobility.Independent;
    public bool Disability { get; init; }
    public SelfCare SelfCare { get; init; } = SelfCare.Full;
    public Sense Hearing { get; init; } = Sense.Normal;
    public Sense Sight { get; init; } = Sense.Normal;
    public bool Hardship { get; init; }
    public string? HealthNotes { get; init; }
    /// <summary>医保类型 (e.g. 公费医疗, 职工医保), the designated hospital, the contracted family doctor.</summary>
    public string? MedicalInsurance { get; init; }
    public string? DesignatedHospital { get; init; }
    public string? FamilyDoctor { get; init; }

    // Affiliations
    public bool PartyMember { get; init; }
    public DateOnly? PartyJoinDate { get; init; }
    public string? PartyBranch { get; init; }
    public IReadOnlyList<string> Groups { get; set; } = [];
    public string? Hobbies { get; init; }

    // Preferences
    public string Language { get; set; } = "zh-CN";
    public bool SmsConsent { get; set; } = true;
    public TimeOnly? PreferredCheckInTime { get; init; }

    /// <summary>The office's free-text remarks (备注).</summary>
    public string? Notes { get; init; }

    // Status
    public RetireeStatus Status { get; init; } = RetireeStatus.Active;
    public DateOnly? DeceasedOn { get; init; }

    // People around them
    public IReadOnlyList<EmergencyContact> EmergencyContacts { get; set; } = [];
    public IReadOnlyList<string> VolunteerIds { get; set; } = [];
    public PairingMode Pairing { get; init; } = PairingMode.OneToOne;

    /// <summary>A coordinator's override of the derived tier; needs a reason.</summary>
    public TierOverride? TierOverride { get; init; }
}

public sealed record FamilyMember(string Name, string? Relation, string? Phone);

/// <summary>Notified in order (1–3) when nobody else answered.</summary>
public sealed record EmergencyContact(string Name, string? Relation, string Phone);

public sealed record TierOverride(RiskTier Tier, string Reason);

public enum Gender { Unspecified, Male, Female }

/// <summary>离休 (joined before Oct 1949, extra entitlements) or 退休.</summary>
public enum RetirementType { Retired, Veteran }

public enum LivingArrangement { Unknown, Alone, WithSpouse, WithChildren, CareHome, Other }

public enum Mobility { Independent, Aided, Wheelchair, Bedridden }

public enum SelfCare { Full, Partial, None }

public enum Sense { Normal, Impaired, Lost }

public enum RetireeStatus { Active, Hospitalised, Away, Deceased, Archived }

public enum PairingMode { OneToOne, ManyToOne }
