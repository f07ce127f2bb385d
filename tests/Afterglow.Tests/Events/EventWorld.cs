using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Events;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Events;

/// <summary>
/// One test's office for events: retirees in a unit of their own (so a filter on the unit is this test's segment),
/// events, replies through the one inbound path, and the SMS the outbox holds. The app's clock says
/// 2026-11-22 10:00 in the office.
/// </summary>
public sealed class EventWorld(AppFactory app)
{
    private static int _phones;

    public AppFactory App { get; } = app;
    public string Unit { get; } = "单位" + Guid.NewGuid().ToString("N")[..8];

    public static string NewMobile() => $"137{20_000_000 + Interlocked.Increment(ref _phones):D8}";

    public async Task<(string Id, string Phone)> RetireeAsync(string name, object? extra = null, string? unit = null)
    {
        var mobile = NewMobile();
        var body = System.Text.Json.JsonSerializer.SerializeToNode(new { name, birthDate = "1948-05-01", mobile, unit = unit ?? Unit })!.AsObject();
        if (extra is not null) foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject()) body[k] = v?.DeepClone();
        var response = await (await App.AdminAsync()).PostAsJsonAsync("/api/retirees", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), "+86" + mobile);
    }

    /// <summary>An event for this world's unit, on the given office day and time.</summary>
    public async Task<JsonObject> EventAsync(int capacity, string date = "2026-12-10", string time = "08:30", string title = "健康体检", object? filter = null)
    {
        var response = await (await App.AdminAsync()).PostAsJsonAsync("/api/events",
            new { title, kind = "checkup", date, time, place = "校医院", capacity, filter = filter ?? new { unit = Unit } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public async Task<JsonObject> InviteAsync(string eventId)
    {
        var response = await (await App.AdminAsync()).PostAsync($"/api/events/{eventId}/invite", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public async Task<(string Id, string Code)> InvitedEventAsync(int capacity, string date = "2026-12-10", string time = "08:30")
    {
        var e = await EventAsync(capacity, date, time);
        var id = e["id"]!.GetValue<string>();
        await InviteAsync(id);
        return (id, e["code"]!.GetValue<string>());
    }

    /// <summary>A reply as a gateway delivers it; the same id again is a redelivery.</summary>
    public Task<InboundOutcome> ReplyAsync(string from, string text, string? messageId = null) =>
        App.Services.GetRequiredService<SmsInbound>().HandleAsync(new InboundSms(from, text, App.Clock.GetUtcNow(), messageId ?? Guid.NewGuid().ToString()), CancellationToken.None);

    public async Task<JsonObject> GetEventAsync(string id) => await (await (await App.AdminAsync()).GetAsync($"/api/events/{id}")).JsonAsync();

    /// <summary>Each retiree's state on the list, by id.</summary>
    public async Task<Dictionary<string, JsonObject>> AttendeesAsync(string eventId) =>
        (await (await (await App.AdminAsync()).GetAsync($"/api/events/{eventId}/attendees")).JsonArrayAsync())
            .Select(a => a!.AsObject()).ToDictionary(a => a["retireeId"]!.GetValue<string>());

    public async Task<string> StateOf(string eventId, string retireeId) => (await AttendeesAsync(eventId))[retireeId]["state"]!.GetValue<string>();

    /// <summary>The SMS queued under a key, or null.</summary>
    public async Task<SmsMessage?> SmsAsync(string key) =>
        (await App.Services.GetRequiredService<OutboxStore>().GetAsync(OutboxStore.IdOf(key), CancellationToken.None))?.Message;

    /// <summary>Every event SMS to a retiree about an event, by template.</summary>
    public async Task<List<SmsMessage>> EventSmsAsync(string eventId, string retireeId, int maxVersion = 6)
    {
        var keys = new List<string> { EventInvitations.KeyOf(eventId, retireeId), EventReminders.KeyOf(eventId, retireeId), $"event:{eventId}:{retireeId}:hint" };
        keys.AddRange(Enumerable.Range(1, maxVersion).Select(v => $"event:{eventId}:{retireeId}:v{v}"));
        var list = new List<SmsMessage>();
        foreach (var k in keys) if (await SmsAsync(k) is { } m) list.Add(m);
        return list;
    }

    public Task<string> RunRemindersAsync() =>
        App.Services.GetRequiredService<EventReminders>().RunAsync(new TimerInvocation(EventReminders.FunctionName, App.Clock.GetUtcNow(), false, null), CancellationToken.None);
}
