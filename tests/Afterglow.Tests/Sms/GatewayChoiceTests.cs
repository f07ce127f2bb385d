using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Sms;

/// <summary>The gateway is chosen by configuration and checked at start: a typo never silently selects the dev phone.</summary>
public class GatewayChoiceTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Theory]
    [InlineData(null, true, "devphone")]
    [InlineData("ACS", false, "acs")]
    [InlineData(" Aliyun ", false, "aliyun")]
    [InlineData("tencent", true, "tencent")]
    public void A_known_gateway_is_chosen(string? gateway, bool development, string chosen)
    {
        var options = SmsOptions.Read(Config(("Sms:Gateway", gateway), ("Sms:SignName", "夕阳关怀"), ("Sms:CallbackSecret", new string('s', 24))), development);
        Assert.Equal(chosen, options.Gateway);
        Assert.Equal(SmsGateways.Mainland.Contains(chosen), options.IsMainland);
    }

    [Theory]
    [InlineData("alyun", false, "not a gateway")]
    [InlineData("alyun", true, "not a gateway")]
    [InlineData(null, false, "is not set")]
    [InlineData("", false, "is not set")]
    [InlineData("devphone", false, "only exists in Development")]
    public void An_unknown_or_missing_gateway_stops_the_app_with_the_setting_named(string? gateway, bool development, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => SmsOptions.Read(Config(("Sms:Gateway", gateway)), development));
        Assert.Contains("Sms__Gateway", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Only_the_dev_phone_borrows_a_providers_rules_and_the_options_never_print_the_secret()
    {
        Assert.Equal("aliyun", SmsOptions.Read(Config(("Sms:Rules", "Aliyun"), ("Sms:SignName", "夕阳关怀")), true).Rules);
        Assert.Null(SmsOptions.Read(Config(("Sms:Gateway", "acs"), ("Sms:Rules", "aliyun"), ("Sms:SignName", "夕阳关怀")), true).Rules);
        var secret = "secret-" + new string('x', 30);
        var options = SmsOptions.Read(Config(("Sms:Gateway", "tencent"), ("Sms:SignName", "夕阳关怀"), ("Sms:CallbackSecret", secret)), false);
        Assert.DoesNotContain(secret, options.ToString());
        Assert.DoesNotContain("top-secret", new App.Sms.Aliyun.AliyunOptions("id", "top-secret", new Uri("https://x/")).ToString());
        Assert.DoesNotContain("top-secret", new App.Sms.Tencent.TencentOptions("id", "top-secret", "1400", "ap-guangzhou", new Uri("https://x/")).ToString());
    }

    [Fact]
    public void A_mainland_gateway_needs_a_registered_signature_and_a_long_callback_secret()
    {
        Assert.Contains("Sms__SignName", Assert.Throws<InvalidOperationException>(() => SmsOptions.Read(Config(("Sms:Gateway", "aliyun"), ("Sms:CallbackSecret", new string('s', 24))), false)).Message);
        Assert.Contains("Sms__SignName", Assert.Throws<InvalidOperationException>(() => SmsOptions.Read(Config(("Sms:Gateway", "aliyun"), ("Sms:SignName", "【夕阳】"), ("Sms:CallbackSecret", new string('s', 24))), false)).Message);
        Assert.Contains("Sms__CallbackSecret", Assert.Throws<InvalidOperationException>(() => SmsOptions.Read(Config(("Sms:Gateway", "tencent"), ("Sms:SignName", "夕阳关怀"), ("Sms:CallbackSecret", "short")), false)).Message);
        Assert.Contains("Sms__Rules", Assert.Throws<InvalidOperationException>(() => SmsOptions.Read(Config(("Sms:Rules", "acs")), true)).Message);
    }

    [Theory]
    [InlineData("alyun", "not a gateway")]
    [InlineData("aliyun", "Aliyun__AccessKeyId")]
    public Task The_app_does_not_start_in_production_with_a_wrong_gateway(string gateway, string message) =>
        FailingStart.AssertStopsSayingAsync(message, "Production", ("Sms:Gateway", gateway), ("Sms:SignName", "夕阳关怀"), ("Sms:CallbackSecret", new string('s', 32)));

    private static MainlandTemplates Mainland(string provider, params (string Key, string? Value)[] settings) =>
        new(SmsOptions.Read(Config([("Sms:Rules", provider), ("Sms:SignName", "夕阳关怀"), .. settings]), true), Config(settings));

    [Fact]
    public void Templates_without_a_code_are_named_and_refused_with_the_setting_to_set()
    {
        var mainland = Mainland("aliyun", ("Sms:Registrations:sms_reply:zh:Code", "SMS_1"));
        var missing = mainland.Unregistered(SmsTemplates.Defaults.Values);
        Assert.DoesNotContain("sms.reply (zh)", missing);
        Assert.Contains("sms.optOutConfirm (zh)", missing);
        Assert.Contains("sms.optOutConfirm (en)", missing);
        var why = mainland.Refusal(SmsTemplates.Defaults[SmsTemplates.OptOutConfirm], "zh-CN", new Dictionary<string, string>());
        Assert.Contains("Sms__Registrations__sms_optOutConfirm__zh__Code", why);
        Assert.Empty(new MainlandTemplates(SmsOptions.Read(Config(), true), Config()).Unregistered(SmsTemplates.Defaults.Values)); // ACS: nothing to register
    }

    [Fact]
    public void The_phone_text_carries_the_signature_in_place_of_the_senders_name_and_mainland_segments_are_70_then_67()
    {
        var mainland = Mainland("aliyun");
        var notice = SmsTemplates.Defaults[SmsTemplates.Notice];
        Assert.Equal("【夕阳关怀】明天体检", mainland.PhoneText(notice, "zh-CN", new Dictionary<string, string> { ["office"] = "离退休工作处", ["text"] = "明天体检" }));
        var birthday = SmsTemplates.Defaults[SmsTemplates.Birthday];
        Assert.EndsWith("拒收请回复R", mainland.PhoneText(birthday, "zh-CN", new Dictionary<string, string> { ["office"] = "处", ["name"] = "张三", ["age"] = "80" }));
        Assert.Equal(1, mainland.Measure(new string('字', 70)).Segments);
        Assert.Equal(2, mainland.Measure(new string('字', 71)).Segments);
        Assert.Equal(2, mainland.Measure(new string('字', 134)).Segments);
        Assert.Equal(3, mainland.Measure(new string('字', 135)).Segments);
        Assert.Equal(2, mainland.Measure(new string('a', 100)).Segments); // counted in characters, not GSM-7
        Assert.Equal(1, SmsSegments.Measure(new string('a', 100)).Segments);
    }

    [Fact]
    public void Registration_texts_use_each_providers_variable_syntax_and_a_configured_mapping()
    {
        var birthday = SmsTemplates.Defaults[SmsTemplates.Birthday];
        var ali = Mainland("aliyun", ("Sms:Registrations:greeting.birthday:zh:Code", "SMS_9"), ("Sms:Registrations:greeting.birthday:zh:Variables", "xm=name,nl=age")).Registration(birthday, "zh");
        Assert.Equal("SMS_9", ali.Code);
        Assert.Equal("尊敬的${xm}同志：值此您${nl}岁生日之际，祝您生日快乐，健康长寿！拒收请回复R", ali.ProviderText);
        var tc = Mainland("tencent").Registration(birthday, "zh");
        Assert.Null(tc.Code);
        Assert.Equal("尊敬的{1}同志：值此您{2}岁生日之际，祝您生日快乐，健康长寿！拒收请回复R", tc.ProviderText);
        Assert.Equal(["name", "age"], tc.Variables.Select(v => v.Parameter));
    }

    [Fact]
    public void Staff_text_splits_into_the_fewest_numbered_parts_that_fit_and_short_text_stays_whole()
    {
        var mainland = Mainland("tencent");
        var reply = SmsTemplates.Defaults[SmsTemplates.StaffReply];
        Assert.Single(mainland.Split(reply, new Dictionary<string, string> { ["text"] = "十二个字十二个字十二个字" }));
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => (char)('一' + i)));
        var parts = mainland.Split(reply, new Dictionary<string, string> { ["text"] = text }).Select(p => p["text"]).ToList();
        Assert.All(parts, p => Assert.True(p.Length <= 12, p));
        Assert.Equal(text, string.Concat(parts.Select(p => p[(p.IndexOf(')') + 1)..])));
        Assert.Equal($"(1/{parts.Count})", parts[0][..parts[0].IndexOf(')')] + ")");
        Assert.Equal(8, parts.Count); // 7 characters a part after "(1/8)": 7 parts of 7 are too few
        var emoji = mainland.Split(reply, new Dictionary<string, string> { ["text"] = string.Concat(Enumerable.Repeat("👍", 10)) }).Select(p => p["text"]).ToList();
        Assert.All(emoji, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public async Task The_start_up_check_names_every_template_without_a_code_and_is_quiet_when_all_are_registered()
    {
        var log = new ListLogger<RegistrationCheck>();
        await new RegistrationCheck(Mainland("tencent", ("Sms:Registrations:sms_reply:zh:Code", "1")), log).StartAsync(CancellationToken.None);
        var warning = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Tencent Cloud SMS", warning.Text);
        Assert.Contains("checkin.request (zh)", warning.Text);
        Assert.DoesNotContain("sms.reply (zh)", warning.Text);

        var all = SmsTemplates.Defaults.Values.SelectMany(t => MainlandTemplates.Languages(t).Select(l => ($"Sms:Registrations:{t.Id}:{l}:Code", (string?)"1"))).ToArray();
        var quiet = new ListLogger<RegistrationCheck>();
        await new RegistrationCheck(Mainland("aliyun", all), quiet).StartAsync(CancellationToken.None);
        Assert.Empty(quiet.Lines);
    }
}
