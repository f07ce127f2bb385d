using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Auth;

/// <summary>
/// Real records behind every route parameter of the access matrix, all hanging off one retiree (paired with a
/// given volunteer): the retiree, their incident, today's check-in, a visit, an attachment, an inbox item, and
/// office records (a person, a broadcast, a segment, an account). Each is made the first time a route asks for it,
/// so a scope made fresh for a write or delete gives that check records nobody has touched.
/// </summary>
public sealed class RealRecords(AppFactory app, HttpClient admin, string volunteerId, string mass)
{
    public const string Unit = "matrix-unit";
    private static int _phones = Random.Shared.Next(0, 9_000_000);
    private readonly Dictionary<string, Task<string>> _made = [];

    /// <summary>The real value for a route parameter, or null when the parameter is no record's id.</summary>
    public Task<string>? For(string route, string parameter) => (route, parameter) switch
    {
        (_, "{retireeId}") or (_, "{id}") when route.StartsWith("/api/retirees/{id}", StringComparison.Ordinal) || route.StartsWith("/api/careplans", StringComparison.Ordinal) => Once("retiree", RetireeAsync),
        (_, "{retireeId}") => Once("retiree", RetireeAsync),
        (_, "{visitId}") => Once("visit", VisitAsync),
        (_, "{attachmentId}") => Once("attachment", AttachmentAsync),
        (_, "{id}") when route.StartsWith("/api/incidents/", StringComparison.Ordinal) => Once("incident", IncidentAsync),
        (_, "{id}") when route.StartsWith("/api/checkins/mass/", StringComparison.Ordinal) => Task.FromResult(mass),
        (_, "{id}") when route.StartsWith("/api/checkins/", StringComparison.Ordinal) => Once("checkin", CheckInAsync),
        (_, "{id}") when route.StartsWith("/api/messages/inbox/", StringComparison.Ordinal) => Once("inbox", InboxAsync),
        (_, "{id}") when route.StartsWith("/api/broadcasts/", StringComparison.Ordinal) => Once("broadcast", BroadcastAsync),
        (_, "{id}") when route.StartsWith("/api/events/", StringComparison.Ordinal) => Once("event", EventAsync),
        (_, "{id}") when route.StartsWith("/api/groups/", StringComparison.Ordinal) => Once("group", GroupAsync),
        (_, "{meetingId}") => Once("meeting", MeetingAsync),
        (_, "{id}") when route.StartsWith("/api/visitplans/", StringComparison.Ordinal) => Once("visitplan", VisitPlanAsync),
        (_, "{id}") when route.StartsWith("/api/certification/", StringComparison.Ordinal) => Once("campaign", CampaignAsync),
        (_, "{id}") when route.StartsWith("/api/segments/", StringComparison.Ordinal) => Once("segment", () => CreatedIdAsync("/api/segments", new { name = "矩阵", filter = new { unit = Unit } })),
        (_, "{id}") when route.StartsWith("/api/people/", StringComparison.Ordinal) => Once("person", PersonAsync),
        (_, "{id}") when route.StartsWith("/api/retirees/import/jobs/", StringComparison.Ordinal) => Once("import", ImportJobAsync),
        (_, "{personId}") => Once("person", PersonAsync),
        (_, "{item}") => Task.FromResult("condolenceVisit"),
        (_, "{year}") => Task.FromResult("2026"),
        (_, "{id}") when route.StartsWith("/api/templates/", StringComparison.Ordinal) => Task.FromResult(SmsTemplates.Notice),
        (_, "{id}") when route.StartsWith("/api/areas/", StringComparison.Ordinal) => Task.FromResult("matrix-area"),
        (_, "{email}") => Once("account", async () => (await app.CreateAccountAsync(Roles.Coordinator)).Email),
        (_, "{number}") => Once("mobile", async () => { await Once("retiree", RetireeAsync); return _mobile!; }),
        _ => null,
    };

    private Task<string> Once(string kind, Func<Task<string>> make) => _made.TryGetValue(kind, out var t) ? t : _made[kind] = make();

    private string? _mobile;

    private Task<string> RetireeAsync()
    {
        _mobile = $"138{10_000_000 + Interlocked.Increment(ref _phones):D8}";
        return CreatedIdAsync("/api/retirees", new { name = "矩阵老人", birthDate = "1944-03-01", mobile = _mobile, unit = Unit, volunteerIds = new[] { volunteerId } });
    }

    private async Task<string> IncidentAsync()
    {
        var retiree = await Once("retiree", RetireeAsync);
        Assert.True(await app.Services.GetRequiredService<CareReplies>().HandleAsync("+86" + _mobile, "HELP", CancellationToken.None));
        return (await app.Services.GetRequiredService<IncidentStore>().ListOpenAsync(CancellationToken.None)).First(i => i.RetireeId == retiree).Id;
    }

    /// <summary>Today's check-in, on the call channel (a call task): a plan due a minute from now, the clock moved past it, a sweep.</summary>
    private async Task<string> CheckInAsync()
    {
        var retiree = await Once("retiree", RetireeAsync);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone);
        if (local.Hour == 23 && local.Minute >= 57) throw new InvalidOperationException("The fixture's clock is too close to midnight for a check-in today.");
        var plan = await admin.PutAsJsonAsync($"/api/careplans/{retiree}", new { cadence = "daily", at = local.AddMinutes(2).ToString("HH:mm"), channel = "call" });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await app.Services.GetRequiredService<CheckInSweep>().RunAsync(new TimerInvocation(CheckInSweep.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);
        var id = CheckInStore.IdOf(CheckInStore.DayPartition(DateOnly.FromDateTime(local.DateTime)), retiree);
        Assert.NotNull(await app.Services.GetRequiredService<CheckInStore>().GetAsync(id, CancellationToken.None));
        return id;
    }

    private async Task<string> InboxAsync()
    {
        var retiree = await Once("retiree", RetireeAsync);
        await app.Services.GetRequiredService<SmsInbound>().HandleAsync(
            new InboundSms("+86" + _mobile, "楼下的路灯坏了好几天了", app.Clock.GetUtcNow(), Guid.NewGuid().ToString()), CancellationToken.None);
        return (await app.Services.GetRequiredService<InboxStore>().ListAsync(false, 50, CancellationToken.None, retiree)).First().Id;
    }

    private async Task<string> VisitAsync() =>
        await CreatedIdAsync($"/api/retirees/{await Once("retiree", RetireeAsync)}/visits", new { date = "2026-11-20", kind = "home", visitors = "小李" });

    private async Task<string> AttachmentAsync()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(AttachmentTests.Png);
        file.Headers.ContentType = new("image/png");
        form.Add(file, "file", "scan.png");
        var response = await admin.PostAsync($"/api/retirees/{await Once("retiree", RetireeAsync)}/attachments/", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<string>();
    }

    private Task<string> PersonAsync() =>
        CreatedIdAsync("/api/people", new { name = "矩阵同事", phone = $"139{10_000_000 + Interlocked.Increment(ref _phones):D8}", role = "staff" });

    /// <summary>A broadcast drafted by a coordinator of its own, so the admin and other coordinators may approve it.</summary>
    private async Task<string> BroadcastAsync()
    {
        await Once("retiree", RetireeAsync);
        var drafter = (await app.SignInAsAsync(Roles.Coordinator)).Client;
        return await CreatedIdAsync(drafter, "/api/broadcasts", new
        {
            name = "矩阵通知", templateId = SmsTemplates.Notice, parameters = new { text = "明天停水。" }, filter = new { unit = Unit },
            sendAt = app.Clock.GetUtcNow() + TimeSpan.FromHours(2), collectAnswers = false,
        });
    }

    /// <summary>A checkup next week for the matrix unit, invited, so the retiree is one of its attendees.</summary>
    private async Task<string> EventAsync()
    {
        await Once("retiree", RetireeAsync);
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(7);
        var id = await CreatedIdAsync("/api/events", new { title = "矩阵体检", kind = "checkup", date = day.ToString("yyyy-MM-dd"), time = "08:30", place = "校医院", capacity = 500, filter = new { unit = Unit } });
        var invite = await admin.PostAsync($"/api/events/{id}/invite", null);
        Assert.True(invite.IsSuccessStatusCode, $"POST /api/events/{id}/invite: {(int)invite.StatusCode} {await invite.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>A party branch with the retiree as a member (its leader).</summary>
    private async Task<string> GroupAsync()
    {
        var retiree = await Once("retiree", RetireeAsync);
        var id = await CreatedIdAsync("/api/groups", new { name = "矩阵支部", type = "branch" });
        await PostOkAsync($"/api/groups/{id}/members", new { retireeId = retiree, role = "leader" });
        return id;
    }

    /// <summary>A meeting of that branch the retiree came to.</summary>
    private async Task<string> MeetingAsync()
    {
        var group = await Once("group", GroupAsync);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        return await CreatedIdAsync($"/api/groups/{group}/meetings", new { date = today.ToString("yyyy-MM-dd"), kind = "lecture", topic = "矩阵党课", attendeeIds = new[] { await Once("retiree", RetireeAsync) } });
    }

    private async Task PostOkAsync(string url, object body)
    {
        var response = await admin.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A monthly visit plan for the matrix unit, so the retiree is one of its tasks; its visitor a person of the office.</summary>
    private async Task<string> VisitPlanAsync()
    {
        await Once("retiree", RetireeAsync);
        return await CreatedIdAsync("/api/visitplans", new { name = "矩阵走访", visitorIds = new[] { await Once("person", PersonAsync) }, filter = new { unit = Unit }, frequency = "monthly" });
    }

    /// <summary>This year's pension certification for the matrix unit, so the retiree is in it.</summary>
    private async Task<string> CampaignAsync()
    {
        await Once("retiree", RetireeAsync);
        var year = app.Clock.GetUtcNow().Year;
        return await CreatedIdAsync("/api/certification", new { year, deadline = $"{year + 1}-01-31", filter = new { unit = Unit } });
    }

    /// <summary>An import of one row: its job (done at once, still readable, its failed rows a file).</summary>
    private async Task<string> ImportJobAsync()
    {
        var mobile = $"139{10_000_000 + Interlocked.Increment(ref _phones):D8}";
        var csv = System.Text.Encoding.UTF8.GetBytes($"姓名,出生日期,手机\n导入{mobile[^4..]},1951-0{1 + mobile[^1] % 9}-1{mobile[^2] % 10},{mobile}\n");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(csv), "file", $"matrix-{mobile}.csv" } };
        var response = await admin.PostAsync("/api/retirees/import?dryRun=false", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/retirees/import: {(int)response.StatusCode} {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text)!["jobId"]!.GetValue<string>();
    }

    private Task<string> CreatedIdAsync(string url, object body) => CreatedIdAsync(admin, url, body);

    private static async Task<string> CreatedIdAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }
}
