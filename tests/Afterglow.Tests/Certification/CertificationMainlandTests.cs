using Afterglow.App.Certification;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Certification;
using Microsoft.Extensions.Configuration;

namespace Afterglow.Tests.Certification;

/// <summary>
/// Under mainland rules the reminders are registered templates whose {text} (the campaign's how-to text) is split into
/// parts a provider accepts: the default texts pass at Aliyun and at Tencent.
/// </summary>
public class CertificationMainlandTests
{
    private static MainlandTemplates Mainland(string provider)
    {
        var settings = new List<(string, string?)> { ("Sms:Rules", provider), ("Sms:SignName", "夕阳关怀") };
        foreach (var t in CertificationTemplates.All)
            foreach (var language in new[] { "zh", "en" })
                settings.Add(($"Sms:Registrations:{t.Id}:{language}:Code", "SMS_1"));
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Item1, s.Item2))).Build();
        return new MainlandTemplates(SmsOptions.Read(config, true), config);
    }

    [Theory]
    [InlineData("aliyun", CertificationTemplates.Reminder, CampaignsApi.DefaultHowText)]
    [InlineData("aliyun", CertificationTemplates.Elsewhere, CampaignsApi.DefaultElsewhereText)]
    [InlineData("tencent", CertificationTemplates.Reminder, CampaignsApi.DefaultHowText)]
    [InlineData("tencent", CertificationTemplates.Elsewhere, CampaignsApi.DefaultElsewhereText)]
    public void The_default_reminders_are_split_into_parts_the_provider_accepts(string provider, string templateId, string text)
    {
        var mainland = Mainland(provider);
        var template = SmsTemplates.Defaults[templateId];
        var parameters = new Dictionary<string, string> { ["office"] = "离退休处", ["name"] = "王建国", ["year"] = "2026", ["deadline"] = "2026年12月31日", ["text"] = text };
        var parts = mainland.Split(template, parameters);
        // Longer than one variable may hold (35 at Aliyun, 12 at Tencent): refused whole, sent in parts.
        if (text.Length > 35 || provider == "tencent")
        {
            Assert.NotNull(mainland.Refusal(template, "zh-CN", parameters));
            Assert.True(parts.Count > 1);
        }
        Assert.All(parts, p => Assert.Null(mainland.Refusal(template, "zh-CN", p)));
        Assert.Equal(text, string.Concat(parts.Select(p => System.Text.RegularExpressions.Regex.Replace(p["text"], @"^\(\d+/\d+\)", ""))));
    }
}
