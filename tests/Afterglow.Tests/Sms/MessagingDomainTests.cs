using Afterglow.Domain.Messaging;

namespace Afterglow.Tests.Sms;

public class MessagingDomainTests
{
    [Theory]
    [InlineData(160, SmsEncoding.Gsm7, 1)]
    [InlineData(161, SmsEncoding.Gsm7, 2)]
    [InlineData(306, SmsEncoding.Gsm7, 2)]
    [InlineData(307, SmsEncoding.Gsm7, 3)]
    public void Gsm7_texts_take_160_septets_in_one_SMS_and_153_per_part(int length, SmsEncoding encoding, int segments)
    {
        var m = SmsSegments.Measure(new string('a', length));
        Assert.Equal((encoding, segments), (m.Encoding, m.Segments));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Chinese_goes_as_UCS2_70_in_one_SMS_and_67_per_part(int length, int segments)
    {
        var m = SmsSegments.Measure(new string('好', length));
        Assert.Equal((SmsEncoding.Ucs2, segments), (m.Encoding, m.Segments));
    }

    [Fact]
    public void Extended_GSM_characters_count_twice_and_one_emoji_makes_the_whole_text_UCS2()
    {
        Assert.Equal(2, SmsSegments.Measure(new string('a', 159) + "€").Segments); // 161 septets
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Measure("Hello 🙂").Encoding);
        Assert.Equal(8, SmsSegments.Measure("Hello 🙂").Units);
        Assert.Equal(0.15m, SmsSegments.Measure(new string('好', 135)).Cost(0.05m));
    }

    [Fact]
    public void Quiet_hours_wrap_midnight_and_end_at_eight_office_time()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var quiet = QuietHours.Default;
        var at2130 = new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.FromHours(8));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(8)), quiet.NextAllowed(at2130, zone));
        var at0300 = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(8)), quiet.NextAllowed(at0300, zone));
        var at1200 = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(at1200, quiet.NextAllowed(at1200, zone));
        Assert.False(new QuietHours(new TimeOnly(13, 0), new TimeOnly(14, 0)).Contains(new TimeOnly(14, 0)));
    }

    [Fact]
    public void A_template_refuses_to_render_with_a_parameter_missing()
    {
        Assert.Equal(["name", "office"], TemplateText.ParametersOf("{name}您好，{office}问候您，{name}"));
        Assert.Equal("王老师您好", TemplateText.Render("{name}您好", new Dictionary<string, string> { ["name"] = "王老师" }));
        var e = Assert.Throws<ArgumentException>(() => TemplateText.Render("{name}您好，{office}", new Dictionary<string, string> { ["name"] = "王老师" }));
        Assert.Contains("office", e.Message);
    }
}
