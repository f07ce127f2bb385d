using System.Text.Json;
using Afterglow.Domain.Phones;
using Afterglow.Tests.Deployment;

namespace Afterglow.Tests.Unit;

/// <summary>Numbers shown and sent as the office dials them; the cases are shared with the dashboard's test.</summary>
public class PhoneDisplayTests
{
    public static TheoryData<string, string, string> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Repository.PathTo("web/src/phone.cases.json")));
        var data = new TheoryData<string, string, string>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("e164").GetString()!, c.GetProperty("display").GetString()!, c.GetProperty("dial").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shows_and_dials_in_national_form_at_home_and_international_abroad(string e164, string display, string dial)
    {
        var rules = new PhoneNumberRules("CN");
        Assert.Equal(display, rules.Display(e164));
        Assert.Equal(dial, rules.Dial(e164));
    }

    [Fact]
    public void An_office_abroad_sees_chinese_numbers_in_international_form()
    {
        var hk = new PhoneNumberRules("HK");
        Assert.Equal("+86 138 0013 8000", hk.Display("+8613800138000"));
        Assert.Equal("9123 4567", hk.Display("+85291234567"));
    }

    [Fact]
    public void Every_typed_form_of_a_landline_comes_back_dialable()
    {
        var rules = new PhoneNumberRules("CN");
        foreach (var typed in new[] { "0731-88958388", "0731 8895 8388", "(0731)88958388", "０７３１－８８９５８３８８" })
        {
            Assert.True(rules.TryNormalize(typed, PhoneUse.Landline, out var e164), typed);
            Assert.Equal("0731-8895 8388", rules.Display(e164));
        }
    }
}
