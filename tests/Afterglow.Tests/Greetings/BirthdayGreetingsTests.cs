using System.Net.Http.Json;
using Afterglow.App.Greetings;
using Afterglow.App.Sms;
using Afterglow.Domain.Registry;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Greetings;

public class BirthdayGreetingsTests(AppFactory app) : AppTests(app)
{
    private const string Envelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"BirthdayGreetings","UtcNow":"2026-11-22T00:30:00Z","RandGuid":"x"}}}
        """;

    [Fact]
    public async Task Retirees_with_a_birthday_today_get_one_greeting_at_nine_in_their_language_and_no_one_else_does()
    {
        // 08:30 in the office (Asia/Shanghai): the timer has run, the greetings wait for 09:00.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero));
        var today = new DateOnly(2026, 11, 23);
        var admin = await App.AdminAsync();
        async Task<string> Create(string name, DateOnly birth, string mobile, object? extra = null)
        {
            var body = System.Text.Json.JsonSerializer.SerializeToNode(new { name, birthDate = birth.ToString("yyyy-MM-dd"), mobile })!.AsObject();
            if (extra is not null) foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject()) body[k] = v?.DeepClone();
            var response = await admin.PostAsJsonAsync("/api/retirees", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.JsonAsync())["id"]!.GetValue<string>();
        }
        var zh = await Create("寿星", today.AddYears(-90), "13800138401");
        var en = await Create("Mary", today.AddYears(-81), "13800138402", new { language = "en" });
        var noConsent = await Create("不收短信", today.AddYears(-75), "13800138403", new { smsConsent = false });
        var notToday = await Create("明天生日", today.AddDays(1).AddYears(-80), "13800138404");

        var run = await App.Anonymous().PostJsonAsync("/BirthdayGreetings", Envelope);
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());
        await App.Anonymous().PostJsonAsync("/BirthdayGreetings", Envelope); // a second run queues nothing new

        var store = App.Services.GetRequiredService<OutboxStore>();
        async Task<SmsMessage?> Greeting(string id) =>
            (await store.GetAsync(OutboxStore.IdOf($"greeting:birthday:{today.Year}:{id}"), CancellationToken.None))?.Message;
        var toZh = (await Greeting(zh))!;
        Assert.Contains("90岁生日", toZh.Text);
        Assert.Equal("+8613800138401", toZh.To);
        Assert.Equal(SmsPurpose.Greeting, toZh.Purpose);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), toZh.NotBefore); // 09:00 in Shanghai
        Assert.Contains("turning 81", (await Greeting(en))!.Text);
        Assert.Null(await Greeting(noConsent));
        Assert.Null(await Greeting(notToday));
        var all = await (await admin.GetAsync("/api/messages?days=1&max=500")).JsonArrayAsync();
        Assert.Single(all, m => m!["to"]!.GetValue<string>() == "+8613800138401");
    }

    [Theory]
    [InlineData("1940-02-29", "2027-02-28", true)]
    [InlineData("1940-02-29", "2028-02-28", false)]
    [InlineData("1940-02-29", "2028-02-29", true)]
    [InlineData("1950-03-01", "2027-03-01", true)]
    [InlineData("1950-03-01", "2027-02-28", false)]
    public void Leap_day_birthdays_are_kept_on_the_28th_in_other_years(string birth, string today, bool expected) =>
        Assert.Equal(expected, Birthdays.IsBirthday(DateOnly.Parse(birth), DateOnly.Parse(today)));
}
