using Afterglow.App.Retirees;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;

namespace Afterglow.Tests.Unit;

public class RiskAssessmentTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("1956-11-23", 69, AgeBand.Under70)]
    [InlineData("1956-11-22", 70, AgeBand.From70)]
    [InlineData("1946-11-22", 80, AgeBand.From80)]
    [InlineData("1941-11-22", 85, AgeBand.From85)]
    [InlineData("1936-11-23", 89, AgeBand.From85)]
    [InlineData("1936-11-22", 90, AgeBand.From90)]
    public void Age_bands_turn_on_the_birthday(string birth, int age, AgeBand band)
    {
        var a = RiskAssessment.AgeOn(DateOnly.Parse(birth), Today);
        Assert.Equal(age, a);
        Assert.Equal(band, RiskAssessment.BandFor(a));
    }

    [Fact]
    public void Alone_weighs_most_and_childless_and_alone_is_critical_at_any_age()
    {
        var young = new RetireeProfile { BirthDate = new(1960, 1, 1) };
        Assert.Equal(RiskTier.Standard, RiskAssessment.Derive(young, Today).Tier);
        Assert.Equal(RiskTier.High, RiskAssessment.Derive(young with { Living = LivingArrangement.Alone }, Today).Tier);
        Assert.Equal(RiskTier.Critical, RiskAssessment.Derive(young with { Living = LivingArrangement.Alone, Childless = true }, Today).Tier);
        Assert.Equal(RiskTier.Elevated, RiskAssessment.Derive(young with { Hardship = true }, Today).Tier);
        Assert.Equal(RiskTier.Critical, RiskAssessment.Derive(new RetireeProfile { BirthDate = new(1935, 1, 1), Living = LivingArrangement.Alone }, Today).Tier);
    }

    [Fact]
    public void An_override_wins_and_says_so()
    {
        var p = new RetireeProfile { BirthDate = new(1960, 1, 1), TierOverride = new TierOverride(RiskTier.High, "刚出院") };
        var (tier, reasons) = RiskAssessment.Effective(p, Today);
        Assert.Equal(RiskTier.High, tier);
        Assert.Contains("override", reasons);
    }
}

public class PhoneNumberTests
{
    private readonly PhoneNumberRules _cn = new("CN");

    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("１３８ ００１３ ８０００", "+8613800138000")]
    [InlineData("＋８６ 138 0013 8000", "+8613800138000")]
    [InlineData("+1 425 555 0123", "+14255550123")]
    [InlineData("027-87654321", "+862787654321")]
    public void Normalizes_to_e164(string input, string expected)
    {
        Assert.True(_cn.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("abc")]
    [InlineData("1380013800000000")]
    public void Rejects_what_is_not_a_phone(string input) => Assert.False(_cn.TryNormalize(input, out _));
}

public class CsvTests
{
    [Fact]
    public void Reads_quotes_doubled_quotes_and_line_breaks_inside_quotes_with_line_numbers()
    {
        var rows = Csv.Read("\uFEFFa,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\nlast,row").ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(["x,1", "say \"hi\""], rows[1].Fields);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal("two\nlines", rows[2].Fields[0]);
        Assert.Equal(3, rows[2].Line);
        Assert.Equal(5, rows[3].Line);
    }

    [Fact]
    public void Detects_semicolons_and_tabs()
    {
        Assert.Equal(["a", "b"], Csv.Read("a;b\n1;2").First().Fields);
        Assert.Equal(["a", "b"], Csv.Read("a\tb\n1\t2").First().Fields);
    }

    [Fact]
    public void Escapes_separators_and_defuses_formulas()
    {
        Assert.Equal("\"a,b\"", Csv.Escape("a,b"));
        Assert.Equal("'=SUM(A1)", Csv.Escape("=SUM(A1)"));
        Assert.Equal("+8613800138000", Csv.Escape("+8613800138000"));
    }
}
