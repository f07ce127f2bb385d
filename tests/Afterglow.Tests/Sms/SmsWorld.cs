using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.Tests.Sms;

/// <summary>The app with the real outbox and dispatcher; a test may wrap the gateway (fault injection) or change settings.</summary>
public class SmsAppFactory : AppFactory
{
    public Dictionary<string, string?> Extra { get; init; } = [];
    /// <summary>Wraps the configured gateway, e.g. to fail after the request got through.</summary>
    public Func<IServiceProvider, ISmsGateway, ISmsGateway>? WrapGateway { get; init; }

    protected override IDictionary<string, string?> Settings => Extra;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (WrapGateway is { } wrap)
            builder.ConfigureServices(s =>
            {
                var inner = s.Last(d => d.ServiceType == typeof(ISmsGateway));
                s.Replace(ServiceDescriptor.Singleton<ISmsGateway>(sp => wrap(sp, (ISmsGateway)inner.ImplementationFactory!(sp))));
            });
    }
}

/// <summary>People, retirees and plans through the API; the dispatcher and sweep run when the test says.</summary>
public sealed class SmsWorld(AppFactory app)
{
    public AppFactory App { get; } = app;
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

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<(string Id, string Phone)> PersonAsync(string name, string role)
    {
        var phone = CareWorld.NewPhone();
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/people", new { name, phone, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), phone);
    }

    public async Task<(string Id, string Phone)> RetireeAsync(string name, string[]? volunteerIds = null, string language = "zh-CN", string? unit = null, string? mobile = null)
    {
        mobile ??= CareWorld.NewPhone();
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/retirees", new
        {
            name, birthDate = "1944-03-01", mobile, living = "alone", childless = true, address = "东区1栋", volunteerIds = volunteerIds ?? [], language, unit,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), mobile);
    }

    /// <summary>A retiree with extra profile fields (status, consent…): the body is sent as is, plus the required fields.</summary>
    public async Task<(string Id, string Phone)> RetireeWithAsync(string name, string unit, object extra)
    {
        var mobile = CareWorld.NewPhone();
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject();
        body["name"] = name; body["birthDate"] = "1944-03-01"; body["mobile"] = mobile; body["unit"] = unit;
        var response = await (await AdminAsync()).PostAsJsonAsync("/api/retirees", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync())["id"]!.GetValue<string>(), mobile);
    }

    public async Task PlanAsync(string retireeId, string at = "09:00") =>
        Assert.Equal(HttpStatusCode.OK, (await (await AdminAsync()).PutAsJsonAsync($"/api/careplans/{retireeId}", new { cadence = "daily", at, answerWindowMinutes = 120 })).StatusCode);

    /// <summary>Moves the clock to 07:00 of the next office day, so plans made now fall due on it, whatever ran before.</summary>
    public DateOnly NextDay()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), CareWorld.Zone).DateTime).AddDays(1);
        At(day, "07:00");
        return day;
    }

    public void At(DateOnly day, string time)
    {
        var target = CareWorld.Local(day, time);
        if (target > App.Clock.GetUtcNow()) App.Clock.SetUtcNow(target);
    }

    public Task<string> SweepAsync() =>
        Get<CheckInSweep>().RunAsync(new TimerInvocation(CheckInSweep.FunctionName, App.Clock.GetUtcNow(), false, null), CancellationToken.None);

    public Task<string> DispatchAsync() =>
        Get<SmsDispatcher>().RunAsync(new TimerInvocation(SmsDispatcher.FunctionName, App.Clock.GetUtcNow(), false, null), CancellationToken.None);

    public Task<IReadOnlyList<PhoneLine>> ThreadAsync(string phone) => Get<DevPhone>().ThreadAsync(phone, CancellationToken.None);

    public async Task<IReadOnlyList<PhoneLine>> OutAsync(string phone) => (await ThreadAsync(phone)).Where(l => l.Direction == "out").ToList();

    public Task<SmsMessage> QueueAsync(OutgoingSms sms) => Get<SmsOutbox>().QueueAsync(sms, CancellationToken.None);

    public async Task<SmsMessage> MessageAsync(string key) => (await Get<OutboxStore>().GetAsync(OutboxStore.IdOf(key), CancellationToken.None))!.Value.Message;

    public static OutgoingSms Notice(string to, string text, string key, bool ignoreQuietHours = true) =>
        new(to, Afterglow.App.Messages.SmsTemplates.StaffReply, new Dictionary<string, string> { ["text"] = text }, "zh-CN", SmsPurpose.Reply, key, "test", ignoreQuietHours);
}
