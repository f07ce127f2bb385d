using System.Net;
using System.Text.Json.Nodes;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Security;

/// <summary>The ACS gateway's app with every log line and scope, at every level, kept for the test to read.</summary>
public sealed class LoggedAcs : AcsFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override SmsAppFactory NewApp(Dictionary<string, string?> settings) => new LoggedFactory(Logs) { Extra = settings };

    private sealed class LoggedFactory(CapturedLogs logs) : SmsAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Trace)));
        }
    }
}

/// <summary>
/// A whole care day — registration, check-ins, a reply, a silence that escalates, an escalation SMS the gateway
/// refuses, a text from a number nobody knows — and not one name or phone number in any log line or scope.
/// </summary>
public class PersonalDataFlowLogTests(LoggedAcs fx) : IClassFixture<LoggedAcs>
{
    private readonly SmsWorld w = new(fx.App);

    [Fact]
    public async Task A_care_day_leaves_no_name_or_phone_number_in_the_logs()
    {
        var day = w.NextDay();
        var (volunteerId, volunteerPhone) = await w.PersonAsync("流程志愿者", "volunteer");
        var (answersId, answersPhone) = await w.RetireeAsync("流程答复老人", [volunteerId]);
        var daughterPhone = CareWorld.NewPhone();
        var (silentId, silentPhone) = await w.RetireeWithAsync("流程沉默老人", "流程单位", new
        {
            volunteerIds = new[] { volunteerId }, living = "alone", address = "流程路8号",
            emergencyContacts = new[] { new { name = "流程女儿", relation = "女儿", phone = daughterPhone } },
        });
        await w.PlanAsync(answersId);
        await w.PlanAsync(silentId);
        fx.Acs.Invalid[volunteerPhone] = true; // the escalation SMS to the volunteer is refused by the gateway
        const string stranger = "+8613700001234";

        w.At(day, "09:00");
        await w.SweepAsync();
        await w.DispatchAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", Received(answersPhone, "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", Received(stranger, "你好，我是谁的家属"))).StatusCode);
        foreach (var at in new[] { "11:01", "11:02", "11:40", "12:30" })
        {
            w.At(day, at);
            await w.SweepAsync();
            await w.DispatchAsync();
        }
        // The flow did what it is here for: the refused SMS reached the dispatcher and the ladder moved on to the family.
        Assert.Contains(fx.Acs.Phone, s => s.To == daughterPhone);
        Assert.DoesNotContain(fx.Acs.Phone, s => s.To == volunteerPhone);
        Assert.Contains(await w.Get<Afterglow.App.CheckIns.IncidentStore>().ListOpenAsync(CancellationToken.None), i => i.RetireeId == silentId);

        var lines = fx.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.StartsWith("SMS from", StringComparison.Ordinal)); // information lines are captured
        Assert.Contains(lines, l => l.StartsWith("scope: ", StringComparison.Ordinal)); // and scopes
        foreach (var name in new[] { "流程志愿者", "流程答复老人", "流程沉默老人", "流程女儿", "流程路8号" })
            Assert.DoesNotContain(lines, l => l.Contains(name, StringComparison.Ordinal));
        foreach (var phone in new[] { volunteerPhone, answersPhone, silentPhone, daughterPhone, stranger })
        {
            var national = phone[3..]; // +86 and 11 digits: E.164, 86…, and the national forms all hold these digits
            Assert.DoesNotContain(lines, l => Digits(l).Contains(national, StringComparison.Ordinal));
            // Nor the national number cut in groups (138 0013 8000, 138-0013-8000): the longest group may stand alone.
            Assert.DoesNotContain(lines, l => l.Contains(national[3..7] + " " + national[7..], StringComparison.Ordinal));
        }
    }

    /// <summary>A line with the separators people put in numbers taken out (spaces, dashes, dots, brackets).</summary>
    private static string Digits(string line) => new(line.Where(c => c is not (' ' or '-' or '.' or '(' or ')' or '\u00a0')).ToArray());

    private async Task<HttpResponseMessage> PostAsync(string function, JsonObject e) =>
        await fx.App.Anonymous().PostJsonAsync($"/{function}", new JsonObject
        {
            ["Data"] = new JsonObject { ["event"] = e }, ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = function } },
        }.ToJsonString());

    private JsonObject Received(string from, string text) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = $"/phonenumber/{from.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["eventTime"] = fx.App.Clock.GetUtcNow().ToString("O"), ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["MessageId"] = $"Incoming_{Guid.NewGuid():N}", ["From"] = from.TrimStart('+'), ["To"] = "18005550100", ["Message"] = text,
            ["ReceivedTimestamp"] = fx.App.Clock.GetUtcNow().ToString("O"),
        },
    };
}
