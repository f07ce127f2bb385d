using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// Stands in for the SMS outbox: keeps one message per key, as the outbox does, and counts repeats so a test
/// can see that a retried step re-queued the same keys rather than new ones.
/// </summary>
public sealed class RecordingMessages : ICareMessages
{
    private readonly ConcurrentDictionary<string, CareMessage> _byKey = new();
    private readonly ConcurrentQueue<CareMessage> _order = new();
    private readonly ConcurrentDictionary<string, bool> _failed = new();
    private int _repeats;

    public int Repeats => _repeats;
    public IReadOnlyList<CareMessage> All => _order.ToList();

    /// <summary>Messages this matches fail once (the process "crashes" while queuing them), then go through.</summary>
    public Func<CareMessage, bool>? FailOnce { get; set; }

    public Task QueueAsync(CareMessage message, CancellationToken ct)
    {
        if (FailOnce?.Invoke(message) == true && _failed.TryAdd(message.Key, true))
            throw new IOException($"Simulated crash while queuing {message.Key}");
        if (_byKey.TryAdd(message.Key, message)) _order.Enqueue(message);
        else Interlocked.Increment(ref _repeats);
        return Task.CompletedTask;
    }

    public IReadOnlyList<CareMessage> To(string phone) => All.Where(m => m.To == phone).ToList();
    public IReadOnlyList<CareMessage> Of(string templateId) => All.Where(m => m.TemplateId == templateId).ToList();
}

/// <summary>The app with the recording outbox; optionally on another instance's storage (two timer instances).</summary>
public class CareAppFactory : AppFactory
{
    public RecordingMessages Sms { get; init; } = new();
    public string? SharedPrefix { get; init; }

    protected override IDictionary<string, string?> Settings =>
        SharedPrefix is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["Storage:Prefix"] = SharedPrefix };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<ICareMessages>(Sms)));
    }
}

/// <summary>One scenario's office: people, retirees with plans, a clock to move, and the SMS that went out.</summary>
public sealed class CareWorld(CareAppFactory app)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static int _phones = Random.Shared.Next(0, 50_000_000);

    public CareAppFactory App { get; } = app;
    private HttpClient? _admin;
    private DateTimeOffset _signedInAt;

    /// <summary>An admin session; signed in again when the moved clock has expired the last one.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        if (_admin is null || App.Clock.GetUtcNow() - _signedInAt > TimeSpan.FromHours(8))
        {
            _admin = await App.AdminAsync();
            _signedInAt = App.Clock.GetUtcNow();
        }
        return _admin;
    }
    public RecordingMessages Sms => App.Sms;

    public static Task<CareWorld> StartAsync(CareAppFactory app) => Task.FromResult(new CareWorld(app));

    /// <summary>A mobile number nobody else in the test run uses.</summary>
    public static string NewPhone() => $"+86139{10_000_000 + Interlocked.Increment(ref _phones):D8}";

    public async Task<(string Id, string Phone)> PersonAsync(string name, string role, params string[] areas)
    {
        var phone = NewPhone();
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/people", new { name, phone, role, areas });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), phone);
    }

    public async Task AreaAsync(string id, params string[] liaisonIds) =>
        Assert.Equal(HttpStatusCode.OK, (await (await AdminAsync()).PutAsJsonAsync($"/api/areas/{id}", new { name = id, liaisonIds })).StatusCode);

    public async Task<(string Id, string Phone)> RetireeAsync(string name, string[] volunteerIds, string? area = null,
        (string Name, string Phone)[]? contacts = null, string? mobile = null, string address = "东区12栋3单元401")
    {
        mobile ??= NewPhone();
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/retirees", new
        {
            name, birthDate = "1944-03-01", mobile, living = "alone", childless = contacts is null, area, address, volunteerIds,
            emergencyContacts = (contacts ?? []).Select(c => new { name = c.Name, relation = "女儿", phone = c.Phone }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), mobile);
    }

    public async Task<JsonObject> PlanAsync(string retireeId, string at = "09:00", string cadence = "daily", object? pause = null, int window = 120)
    {
        var response = await (await AdminAsync()).PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence, at, pause, answerWindowMinutes = window });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>The office-local day after the fixture's start (2026-11-22, a Sunday).</summary>
    public static DateOnly Day(int n) => new DateOnly(2026, 11, 22).AddDays(n);

    public static DateTimeOffset Local(DateOnly day, string time) => CheckInSchedule.ToUtc(day, TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), Zone);

    /// <summary>Moves the clock to a local time (never backwards) and runs one sweep, as the minute timer would.</summary>
    public async Task<string> AtAsync(DateOnly day, string time)
    {
        var target = Local(day, time);
        if (target > App.Clock.GetUtcNow()) App.Clock.SetUtcNow(target);
        return await SweepAsync();
    }

    public Task<string> SweepAsync() => SweepOn(App);

    public static Task<string> SweepOn(CareAppFactory app) =>
        app.Services.GetRequiredService<CheckInSweep>().RunAsync(new TimerInvocation(CheckInSweep.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

    public Task<bool> ReplyAsync(string from, string text) => App.Services.GetRequiredService<CareReplies>().HandleAsync(from, text, CancellationToken.None);

    /// <summary>A reply through the one inbound path, as a gateway delivers it (the same id again is a redelivery).</summary>
    public Task<InboundOutcome> InboundAsync(string from, string text, string? messageId = null) =>
        App.Services.GetRequiredService<SmsInbound>().HandleAsync(new InboundSms(from, text, App.Clock.GetUtcNow(), messageId ?? Guid.NewGuid().ToString()), CancellationToken.None);

    /// <summary>The coordinators' inbox items for one retiree, as the API lists them.</summary>
    public async Task<JsonArray> InboxAsync(string retireeId, string status = "all") =>
        await (await (await AdminAsync()).GetAsync($"/api/messages/inbox?status={status}&retireeId={retireeId}")).JsonArrayAsync();

    public async Task<IReadOnlyList<IncidentSummary>> OpenIncidentsAsync(string retireeId) =>
        (await App.Services.GetRequiredService<IncidentStore>().ListOpenAsync(CancellationToken.None)).Where(s => s.RetireeId == retireeId).ToList();

    public async Task<Incident> IncidentAsync(string id) =>
        (await App.Services.GetRequiredService<IncidentStore>().GetAsync(id, CancellationToken.None))!.Value.Incident;

    public async Task<CheckIn?> CheckInAsync(DateOnly day, string retireeId) =>
        (await App.Services.GetRequiredService<CheckInStore>().GetAsync(CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId), CancellationToken.None))?.CheckIn;

    /// <summary>The one incident opened for a retiree (open or closed), found through the open index or by its id.</summary>
    public async Task<Incident> OnlyIncidentAsync(string retireeId) => await IncidentAsync((await OpenIncidentsAsync(retireeId)).Single().Id);
}
