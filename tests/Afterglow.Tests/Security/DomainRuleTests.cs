using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Afterglow.Domain.Text;

namespace Afterglow.Tests.Security;

public class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void A_real_number_passes_and_its_birth_date_must_agree()
    {
        // The GB 11643 standard's own example.
        Assert.Null(ResidentId.Check("11010519491231002X", Today));
        Assert.Null(ResidentId.Check("11010519491231002x", Today, new DateOnly(1949, 12, 31)));
        Assert.NotNull(ResidentId.Check("11010519491231002X", Today, new DateOnly(1950, 1, 1)));
    }

    [Theory]
    [InlineData("110105194912310021")]   // check character
    [InlineData("110105194902300020")]   // 30 February, right check character
    [InlineData("110105209001010025")]   // born in 2090, right check character
    [InlineData("11010519491231002")]    // 17 characters
    [InlineData("1101051949123100X2")]   // X not last
    public void Wrong_numbers_are_refused(string id)
    {
        Assert.True(ResidentId.LooksLikeOne(id) || id.Length == 18);
        Assert.NotNull(ResidentId.Check(id, Today));
    }

    [Fact]
    public void Every_single_digit_typo_is_caught()
    {
        const string good = "11010519491231002X";
        for (var i = 0; i < 17; i++)
            for (var d = '0'; d <= '9'; d++)
                if (d != good[i])
                    Assert.NotNull(ResidentId.Check(good[..i] + d + good[(i + 1)..], Today));
    }

    [Fact]
    public void Old_fifteen_digit_numbers_have_a_real_birth_date() 
    {
        Assert.Null(ResidentId.Check("110105491231002", Today));
        Assert.NotNull(ResidentId.Check("110105491331002", Today));
    }
}

public class PhoneUseTests
{
    private readonly PhoneNumberRules _cn = new("CN");

    [Theory]
    [InlineData("13800138000", PhoneUse.Mobile, true)]
    [InlineData("027-87654321", PhoneUse.Mobile, false)]
    [InlineData("027-87654321", PhoneUse.Landline, true)]
    [InlineData("13800138000", PhoneUse.Landline, false)]
    [InlineData("027-87654321", PhoneUse.Any, true)]
    [InlineData("+1 425 555 0123", PhoneUse.Mobile, true)]      // the US plan cannot tell: accepted for both
    [InlineData("+1 425 555 0123", PhoneUse.Landline, true)]
    [InlineData("+44 20 7946 0958", PhoneUse.Mobile, false)]     // a London fixed line
    [InlineData("+44 7911 123456", PhoneUse.Mobile, true)]
    public void Numbers_fit_their_use(string number, PhoneUse use, bool fits) => Assert.Equal(fits, _cn.TryNormalize(number, use, out _));

    [Theory]
    [InlineData("1380013800O")]
    [InlineData("1-800-FLOWERS")]
    [InlineData("138 0013 80０Ａ")]
    [InlineData("tel:+8613800138000")]
    [InlineData("+86+13800138000")]
    public void Letters_are_refused_not_turned_into_digits(string number) => Assert.False(_cn.TryNormalize(number, PhoneUse.Any, out _));

    [Fact]
    public void Masking_hides_all_but_the_last_two_digits() => Assert.Equal("+***********00", PhoneNumberRules.Mask("+8613800138000"));
}

public class ReadableTextTests
{
    [Theory]
    [InlineData("\u202E")] [InlineData("\u202A")] [InlineData("\u2066")] [InlineData("\u2069")] [InlineData("\u200E")] [InlineData("\u061C")]
    [InlineData("\u0000")] [InlineData("\u0007")] [InlineData("\u007F")] [InlineData("\u0085")] [InlineData("\u2028")] [InlineData("\u200B")] [InlineData("\uFEFF")]
    public void Hidden_and_direction_characters_are_refused(string c)
    {
        Assert.False(ReadableText.IsSafe("名" + c + "字"));
        Assert.False(ReadableText.IsSafe("名" + c + "字", multiline: true));
    }

    [Fact]
    public void Ordinary_text_in_any_script_and_emoji_with_joiners_pass()
    {
        Assert.True(ReadableText.IsSafe("欧阳明华 O'Brien-Łukasz عربي 👨\u200D👩\u200D👧"));
        Assert.False(ReadableText.IsSafe("two\nlines"));
        Assert.True(ReadableText.IsSafe("two\nlines\tand a tab", multiline: true));
    }
}
