using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Bereavement;
using Afterglow.App.Sms;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Bereavement;

/// <summary>
/// One test's people for bereavement: a volunteer, a liaison covering an area of its own, and retirees in that area
/// paired with the volunteer. The app's clock says 2026-11-22 10:00 in the office (until a test moves it).
/// </summary>
public sealed class BereavementWorld(AppFactory app)
{
    private static int _phones = Random.Shared.Next(0, 5_000_000);

    public AppFactory App { get; } = app;
    public string Area { get; } = "片区" + Guid.NewGuid().ToString("N")[..8];
    public JsonObject Volunteer { get; private set; } = null!;
    public JsonObject Liaison { get; private set; } = null!;

    public static string NewMobile() => $"136{30_000_000 + Interlocked.Increment(ref _phones):D8}";

    public async Task<BereavementWorld> StartAsync()
    {
        var admin = await App.AdminAsync();
        Volunteer = await CreatedAsync(await admin.PostAsJsonAsync("/api/people", new { name = "结对志愿者", phone = NewMobile(), role = "volunteer" }));
        Liaison = await CreatedAsync(await admin.PostAsJsonAsync("/api/people", new { name = "片区联络员", phone = NewMobile(), role = "liaison" }));
        var area = await admin.PutAsJsonAsync($"/api/areas/{Area}", new { name = Area, liaisonIds = new[] { Liaison["id"]!.GetValue<string>() } });
        Assert.True(area.IsSuccessStatusCode, await area.Content.ReadAsStringAsync());
        return this;
    }

    private static async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>A retiree in the area, paired with the volunteer, with an emergency contact; <paramref name="spouse"/> adds a spouse.</summary>
    public async Task<string> RetireeAsync(string name, bool spouse = false, string? volunteerId = null)
    {
        var body = new JsonObject
        {
            ["name"] = name, ["birthDate"] = "1938-05-01", ["mobile"] = NewMobile(), ["area"] = Area,
            ["volunteerIds"] = new JsonArray(volunteerId ?? Volunteer["id"]!.GetValue<string>()),
            ["emergencyContacts"] = new JsonArray(new JsonObject { ["name"] = "长子", ["relation"] = "儿子", ["phone"] = NewMobile() }),
        };
        if (spouse) body["spouse"] = new JsonObject { ["name"] = "老伴", ["relation"] = "妻子", ["phone"] = NewMobile() };
        var created = await CreatedAsync(await (await App.AdminAsync()).PostAsJsonAsync("/api/retirees", body));
        return created["id"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> RecordAsync(string retireeId, object body) =>
        await (await App.AdminAsync()).PostAsJsonAsync($"/api/retirees/{retireeId}/death", body);

    public async Task<JsonObject> PageAsync(string retireeId, HttpClient? client = null) =>
        await (await (client ?? await App.AdminAsync()).GetAsync($"/api/retirees/{retireeId}/bereavement")).JsonAsync();

    public async Task<HttpResponseMessage> ChangeItemAsync(string retireeId, string item, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/retirees/{retireeId}/bereavement/items/{item}") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await (await App.AdminAsync()).SendAsync(request);
    }

    /// <summary>Every SMS a death sent to a person (by their phone as stored), or none.</summary>
    public async Task<SmsMessage?> SmsToAsync(string retireeId, JsonObject person) =>
        (await App.Services.GetRequiredService<OutboxStore>().GetAsync(OutboxStore.IdOf(BereavementDesk.KeyOf(retireeId, person["phone"]!.GetValue<string>())), CancellationToken.None))?.Message;
}
