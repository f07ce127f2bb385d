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
        // A person (a volunteer's name and phone), a duplicate of it, and SMS going out: the sweep and the dispatcher.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/people", new { name = "日志志愿者", phone = "13900137777", role = "volunteer" })).StatusCode);
        await admin.PostAsJsonAsync("/api/people", new { name = "日志志愿者", phone = "139OO137777", role = "volunteer" });
        Assert.True((await app.Anonymous().PostJsonAsync("/CheckInSweep", "{}")).IsSuccessStatusCode);
        Assert.True((await app.Anonymous().PostJsonAsync("/SmsDispatch", "{}")).IsSuccessStatusCode);

        Assert.NotEmpty(app.Lines);
        Assert.DoesNotContain(app.Lines, l => l.Contains(name, StringComparison.Ordinal) || l.Contains("日志志愿者", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Lines, l => l.Contains("0013777", StringComparison.Ordinal) || l.Contains("1380013777", StringComparison.Ordinal) || l.Contains("3900137", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exports_and_attachment_downloads_are_in_the_audit_trail()
    {
        var admin = await app.AdminAsync();
        var (coordinatorEmail, _) = await app.CreateAccountAsync(Afterglow.App.Auth.Roles.Coordinator);
        var coordinator = await app.SignInAsync(coordinatorEmail, AppFactory.AccountPassword);
        var retiree = (await (await admin.PostAsJsonAsync("/api/retirees", new { name = "审计老人", birthDate = "1940-01-01", mobile = "13800137701", unit = "审计单位" })).JsonAsync())["id"]!.GetValue<string>();
        var file = new ByteArrayContent(Afterglow.Tests.Registry.AttachmentTests.Png);
        file.Headers.ContentType = new("image/png");
        var upload = await admin.PostAsync($"/api/retirees/{retiree}/attachments/", new MultipartFormDataContent { { file, "file", "scan.png" } });
        var attachment = (await upload.JsonAsync())["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/retirees/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/retirees/{retiree}/attachments/{attachment}")).StatusCode);
        var broadcast = await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "审计通知", templateId = Afterglow.App.Messages.SmsTemplates.Notice, parameters = new { text = "明天停水。" }, filter = new { unit = "审计单位" },
            sendAt = app.Clock.GetUtcNow() + TimeSpan.FromHours(2), collectAnswers = true,
        });
        Assert.True(broadcast.IsSuccessStatusCode, await broadcast.Content.ReadAsStringAsync());
        var answers = await coordinator.GetAsync($"/api/broadcasts/{(await broadcast.JsonAsync())["id"]!.GetValue<string>()}/answers?format=csv");
        Assert.Equal("text/csv", answers.Content.Headers.ContentType?.MediaType);

        // Who read what: the coordinator, the export, and the download with the retiree and the attachment.
        var trail = await (await admin.GetAsync("/api/audit/")).JsonArrayAsync();
        var byCoordinator = trail.Where(e => e!["actor"]!.GetValue<string>() == coordinatorEmail).ToList();
        Assert.Contains(byCoordinator, e => e!["action"]!.GetValue<string>() == "retiree.export");
        Assert.Contains(byCoordinator, e => e!["action"]!.GetValue<string>() == "broadcast.answers.export");
        Assert.Contains(byCoordinator, e => e!["action"]!.GetValue<string>() == "attachment.read"
            && e["retireeId"]!.GetValue<string>() == retiree && e["detail"]!.GetValue<string>().Contains(attachment, StringComparison.Ordinal));
    }
}
