using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Certification;
using Afterglow.App.Sms;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Certification;

/// <summary>
/// One test's office for certification: retirees in a unit of their own (so a filter on the unit is this test's
/// segment), a volunteer paired with some, campaigns, and the SMS the outbox holds. The app's clock says 2026-11-22 10:00
/// in the office.
/// </summary>
public sealed class CertificationWorld(AppFactory app)
{
    private static int _phones = Random.Shared.Next(0, 5_000_000);

    public AppFactory App { get; } = app;
    public string Unit { get; } = "单位" + Guid.NewGuid().ToString("N")[..8];

    public static string NewMobile() => $"135{40_000_000 + Interlocked.Increment(ref _phones):D8}";

    /// <summary>A retiree of this world's unit; <paramref name="extra"/> adds or overrides profile fields.</summary>
    public async Task<string> RetireeAsync(string name, object? extra = null)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(new { name, birthDate = "1945-05-01", mobile = NewMobile(), unit = Unit })!.AsObject();
        if (extra is not null) foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject()) body[k] = v?.DeepClone();
        var response = await (await App.AdminAsync()).PostAsJsonAsync("/api/retirees", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> OpenAsync(object body) => await (await App.AdminAsync()).PostAsJsonAsync("/api/certification", body);

    /// <summary>This world's 2026 campaign, due at the end of the year.</summary>
    public async Task<JsonObject> CampaignAsync(string deadline = "2026-12-31", string? how = null)
    {
        var response = await OpenAsync(new { year = 2026, deadline, filter = new { unit = Unit }, howText = how });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public async Task<JsonObject> RemindAsync(string campaignId)
    {
        var response = await (await App.AdminAsync()).PostAsync($"/api/certification/{campaignId}/remind", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public async Task<HttpResponseMessage> MarkAsync(string campaignId, string retireeId, object body, HttpClient? client = null) =>
        await (client ?? await App.AdminAsync()).PutAsJsonAsync($"/api/certification/{campaignId}/retirees/{retireeId}", body);

    /// <summary>The campaign's list: (retiree id → state) and the campaign's numbers.</summary>
    public async Task<JsonObject> ListAsync(string campaignId, string query = "")
    {
        var response = await (await App.AdminAsync()).GetAsync($"/api/certification/{campaignId}/retirees{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static Dictionary<string, string> States(JsonObject page) =>
        page["items"]!.AsArray().ToDictionary(i => i!["retireeId"]!.GetValue<string>(), i => i!["state"]!.GetValue<string>());

    /// <summary>The reminder of a round to a retiree, as the outbox holds it; null when none was queued.</summary>
    public async Task<SmsMessage?> ReminderAsync(string campaignId, string retireeId, int round) =>
        (await App.Services.GetRequiredService<OutboxStore>().GetAsync(OutboxStore.IdOf(CertificationDesk.KeyOf(campaignId, retireeId, round)), CancellationToken.None))?.Message;
}
