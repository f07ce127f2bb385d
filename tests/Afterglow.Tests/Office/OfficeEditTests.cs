using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Sms;
using Afterglow.Domain.Messaging;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Office;

/// <summary>An admin changes the office's name, time zone and quiet hours in Settings; the app uses them without a restart.</summary>
public class OfficeEditTests(AppFactory app) : AppTests(app)
{
    private static HttpRequestMessage Put(string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/office")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static object Body(string name = "老干部处", string zone = "Asia/Shanghai", string start = "21:00", string end = "08:00") =>
        new { name, timeZone = zone, quietHours = new { start, end } };

    private static async Task<(JsonObject Office, string ETag)> ReadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/office");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync(), response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task An_admin_changes_them_everyone_sees_them_and_the_audit_says_who()
    {
        var admin = await App.AdminAsync();
        var (_, etag) = await ReadAsync(admin);

        var saved = await admin.SendAsync(Put(etag, Body("  城南离退休服务中心 ", "Asia/Urumqi", "22:30", "07:15")));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag!.ToString());

        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        var (office, after) = await ReadAsync(volunteer);
        Assert.Equal("城南离退休服务中心", office["name"]!.GetValue<string>());
        Assert.Equal("Asia/Urumqi", office["timeZone"]!.GetValue<string>());
        Assert.Equal("22:30", office["quietHours"]!["start"]!.GetValue<string>());
        Assert.Equal("07:15", office["quietHours"]!["end"]!.GetValue<string>());
        Assert.Equal(saved.Headers.ETag!.ToString(), after);

        var trail = await (await admin.GetAsync("/api/audit/")).JsonArrayAsync();
        // Other tests of this class change the office too: this change is the one naming its new zone.
        var entry = trail.Select(e => e!.AsObject())
            .Single(e => e["action"]!.GetValue<string>() == "office.update" && e["detail"]!.GetValue<string>().Contains("→ Asia/Urumqi"));
        Assert.Equal(AppFactory.AdminEmail, entry["actor"]!.GetValue<string>());

        // The ETag read before the change is stale now: 412, and nothing changes.
        var stale = await admin.SendAsync(Put(etag, Body("另一个名字")));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("城南离退休服务中心", (await ReadAsync(admin)).Office["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_If_Match_it_is_428_and_a_coordinator_may_not()
    {
        var admin = await App.AdminAsync();
        Assert.Equal((HttpStatusCode)428, (await admin.SendAsync(Put(null, Body()))).StatusCode);
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var (_, etag) = await ReadAsync(coordinator);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.SendAsync(Put(etag, Body("协调员改的")))).StatusCode);
        Assert.NotEqual("协调员改的", (await ReadAsync(admin)).Office["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "Asia/Shanghai", "21:00", "08:00", "name")]
    [InlineData("   ", "Asia/Shanghai", "21:00", "08:00", "name")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十X", "Asia/Shanghai", "21:00", "08:00", "name")]
    [InlineData("离退休\n工作处", "Asia/Shanghai", "21:00", "08:00", "name")]
    [InlineData("离退休工作处", "Mars/Olympus_Mons", "21:00", "08:00", "timeZone")]
    [InlineData("离退休工作处", "China Standard Time", "21:00", "08:00", "timeZone")]
    [InlineData("离退休工作处", "", "21:00", "08:00", "timeZone")]
    [InlineData("离退休工作处", "Asia/Shanghai", "24:00", "08:00", "quietHours.start")]
    [InlineData("离退休工作处", "Asia/Shanghai", "9:00", "08:00", "quietHours.start")]
    [InlineData("离退休工作处", "Asia/Shanghai", "21:00", "08:00:00", "quietHours.end")]
    [InlineData("离退休工作处", "Asia/Shanghai", "21:00", "8pm", "quietHours.end")]
    public async Task Bad_input_names_the_field_and_changes_nothing(string name, string zone, string start, string end, string field)
    {
        var admin = await App.AdminAsync();
        var (before, etag) = await ReadAsync(admin);
        var response = await admin.SendAsync(Put(etag, Body(name, zone, start, end)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.Equal([field], errors.Select(e => e.Key));
        var (after, etagAfter) = await ReadAsync(admin);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal(etag, etagAfter);
    }

    [Fact]
    public async Task The_next_message_uses_the_new_zone_and_quiet_hours_without_a_restart()
    {
        // 02:00 UTC: 10:00 in Shanghai (outside 21:00–08:00), 18:00 the day before in Vancouver.
        var outbox = App.Services.GetRequiredService<SmsOutbox>();
        var clock = App.Services.GetRequiredService<OfficeClock>();
        var now = App.Clock.GetUtcNow();
        Assert.Equal(new DateOnly(2026, 11, 22), clock.Today);
        var before = await outbox.QueueAsync(Notice("before"), CancellationToken.None);
        Assert.Equal(now, before.NotBefore);

        var admin = await App.AdminAsync();
        var (_, etag) = await ReadAsync(admin);
        var saved = await admin.SendAsync(Put(etag, Body("离退休工作处", "America/Vancouver", "17:00", "09:00")));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        Assert.Equal(new DateOnly(2026, 11, 21), clock.Today);
        var after = await outbox.QueueAsync(Notice("after"), CancellationToken.None);
        // Held to 09:00 in Vancouver the next morning (PST, UTC−8).
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero), after.NotBefore);
        Assert.Equal(SmsState.Pending, after.State);
    }

    private static OutgoingSms Notice(string key) =>
        new("+8613800138000", SmsTemplates.StaffReply, new Dictionary<string, string> { ["text"] = "测试" }, "zh-CN", SmsPurpose.Reply,
            $"office-test:{key}:{Guid.NewGuid():N}", "test");
}
