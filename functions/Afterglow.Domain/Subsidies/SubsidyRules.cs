namespace Afterglow.Domain.Subsidies;

/// <summary>A longevity band: from this age (reached in the month of the birthday) this many yuan a year.</summary>
public sealed record LongevityBand(int FromAge, decimal YearlyAmount);

/// <summary>A hardship level (1 is the gravest) and its yuan a year.</summary>
public sealed record HardshipLevelAmount(int Level, decimal YearlyAmount);

/// <summary>
/// The office's subsidy rules (高龄补贴, 困难补助), set by an admin. The defaults are an example of the amounts
/// offices report (500–5,000 yuan a year by age band); every office sets its own.
/// </summary>
public sealed record SubsidyRules
{
    public const int MaxBands = 10;
    public const decimal MaxYearly = 100_000m;

    public IReadOnlyList<LongevityBand> Longevity { get; set; } = [new(85, 600m), new(90, 1_200m), new(95, 2_400m), new(100, 5_000m)];
    public IReadOnlyList<HardshipLevelAmount> Hardship { get; set; } = [new(1, 3_000m), new(2, 2_000m), new(3, 1_200m)];

    public static readonly SubsidyRules Default = new();

    /// <summary>Field errors, named as the JSON names them.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (Longevity is null || Longevity.Count > MaxBands) errors.Add(("longevity", $"At most {MaxBands} age bands."));
        else
            for (var i = 0; i < Longevity.Count; i++)
            {
                var b = Longevity[i];
                if (b is null || b.FromAge is < 60 or > 120) errors.Add(($"longevity[{i}].fromAge", "An age from 60 to 120."));
                else if (i > 0 && Longevity[i - 1] is { } prev && b.FromAge <= prev.FromAge) errors.Add(($"longevity[{i}].fromAge", "Ages go up from one band to the next."));
                if (b is not null && !Amount(b.YearlyAmount)) errors.Add(($"longevity[{i}].yearlyAmount", AmountMessage));
            }
        if (Hardship is null || Hardship.Count != 3) errors.Add(("hardship", "Three hardship levels, 1 to 3."));
        else
            for (var i = 0; i < 3; i++)
            {
                if (Hardship[i] is null || Hardship[i].Level != i + 1) errors.Add(($"hardship[{i}].level", "Levels 1, 2 and 3, in that order."));
                else if (!Amount(Hardship[i].YearlyAmount)) errors.Add(($"hardship[{i}].yearlyAmount", AmountMessage));
            }
        return errors;
    }

    public static readonly string AmountMessage = $"An amount from 0 to {MaxYearly:0}, in yuan and fen (at most two decimals).";

    private static bool Amount(decimal v) => v >= 0 && v <= MaxYearly && decimal.Round(v, 2) == v;
}
