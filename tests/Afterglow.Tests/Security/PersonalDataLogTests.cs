using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Security;

/// <summary>An app whose every log line is kept for the test to read.</summary>
public class LogCaptureFactory : AppFactory
{
    private readonly CapturedLogs _logs = new();

    public System.Collections.Concurrent.ConcurrentQueue<string> Lines => _logs.Lines;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Every level reaches the capture; the console stays at warnings (AppFactory).
        builder.ConfigureServices(s => s.AddLogging(l => l.AddProvider(_logs).AddFilter<CapturedLogs>(null, LogLevel.Trace)));
    }
}

public class PersonalDataLogTests(LogCaptureFactory app) : IClassFixture<LogCaptureFactory>
{
    [Fact]
    public async Task Names_and_phone_numbers_stay_out_of_the_logs()
    {
        const string name = "日志测试老人";
        const string mobile = "13800137777";
        var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/retirees", new { name, birthDate = "1940-01-01", mobile });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // A refused phone, a reply from the number and an export: each path that touches the data.
        await admin.PostAsJsonAsync("/api/retirees", new { name, birthDate = "1940-01-01", mobile = "1380013777O" });
        var smsEvent = new System.Text.Json.Nodes.JsonObject
        {
            ["Data"] = new System.Text.Json.Nodes.JsonObject { ["event"] = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["subject"] = "/phonenumber/x", ["eventType"] = "Microsoft.Communication.SMSReceived",
                ["eventTime"] = "2026-11-23T01:00:00Z", ["dataVersion"] = "1.0",
                ["data"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["MessageId"] = $"Incoming_{Guid.NewGuid():N}", ["From"] = "86" + mobile, ["To"] = "18005550100", ["Message"] = "好", ["ReceivedTimestamp"] = "2026-11-23T01:00:00Z",
                },
            } },
            ["Metadata"] = new System.Text.Json.Nodes.JsonObject(),
        }.ToJsonString();
        var reply = await app.Anonymous().PostJsonAsync("/SmsReceived", smsEvent);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/retirees/export")).StatusCode);

        Assert.NotEmpty(app.Lines);
        Assert.DoesNotContain(app.Lines, l => l.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Lines, l => l.Contains("0013777", StringComparison.Ordinal) || l.Contains("1380013777", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exports_and_attachment_downloads_are_in_the_audit_trail()
    {
        var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/retirees/export")).StatusCode);
        var audit = await (await admin.GetAsync("/api/audit/")).Content.ReadAsStringAsync();
        Assert.Contains("retiree.export", audit);
    }
}
