namespace Afterglow.Domain.Registry;

/// <summary>重点监护 level: decides how often someone must be contacted.</summary>
public enum RiskTier { Standard, Elevated, High, Critical }

/// <summary>Age bands the offices report on and subsidies are paid by (70/80/85/90).</summary>
public enum AgeBand { Under70, From70, From80, From85, From90 }

public static class RiskAssessment
{
    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (today < birthDate.AddYears(age)) age--;
        return age;
    }

    public static AgeBand BandFor(int age) => age switch
    {
        >= 90 => AgeBand.From90,
        >= 85 => AgeBand.From85,
        >= 80 => AgeBand.From80,
        >= 70 => AgeBand.From70,
        _ => AgeBand.Under70,
    };

    /// <summary>The age band on <paramref name="today"/>: the band moves on the birthday, not when the record is saved.</summary>
    public static AgeBand BandOn(DateOnly birthDate, DateOnly today) => BandFor(AgeOn(birthDate, today));

    /// <summary>
    /// The tier the profile implies, with the reasons in the office's terms. Living alone or without
    /// children and alone weighs most, because that is who is found too late (DOMAIN.md 4).
    /// </summary>
    public static (RiskTier Tier, IReadOnlyList<string> Reasons) Derive(RetireeProfile p, DateOnly today)
    {
        var reasons = new List<string>();
        var age = AgeOn(p.BirthDate, today);
        var alone = p.Living == LivingArrangement.Alone;
        var score = 0;

        if (age >= 90) { reasons.Add("age90"); score += 3; }
        else if (age >= 85) { reasons.Add("age85"); score += 2; }
        else if (age >= 80) { reasons.Add("age80"); score += 1; }
        else if (age >= 70) { reasons.Add("age70"); }

        if (alone && p.Childless) { reasons.Add("childlessAlone"); score += 4; }
        else if (alone) { reasons.Add("livesAlone"); score += 2; }
        if (p.EmptyNest) { reasons.Add("emptyNest"); score += 1; }
        if (p.SeriousIllness) { reasons.Add("seriousIllness"); score += 2; }
        if (p.Disability || p.SelfCare == SelfCare.None || p.Mobility == Mobility.Bedridden) { reasons.Add("disability"); score += 2; }
        if (p.Hardship) { reasons.Add("hardship"); score += 1; }

        var tier = score switch
        {
            >= 4 => RiskTier.Critical,
            >= 2 => RiskTier.High,
            >= 1 => RiskTier.Elevated,
            _ => RiskTier.Standard,
        };
        return (tier, reasons);
    }

    /// <summary>The tier in force: the coordinator's override when there is one.</summary>
    public static (RiskTier Tier, IReadOnlyList<string> Reasons) Effective(RetireeProfile p, DateOnly today)
    {
        var derived = Derive(p, today);
        return p.TierOverride is { } o ? (o.Tier, [.. derived.Reasons, "override"]) : derived;
    }
}
