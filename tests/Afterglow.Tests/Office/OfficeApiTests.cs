using System.Net;
using Afterglow.Tests.Auth;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Office;

/// <summary>The office endpoint's row in the access matrix.</summary>
public static class OfficeAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/office", 401, 200, 200, 200),
        new("PUT", "/api/office", 401, 403, 403, 428),
    ];
}

public class OfficeApiTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Defaults_are_the_chinese_office()
    {
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        var office = await (await volunteer.GetAsync("/api/office")).JsonAsync();

        Assert.Equal("离退休工作处", office["name"]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", office["timeZone"]!.GetValue<string>());
        Assert.Equal("CN", office["phoneRegion"]!.GetValue<string>());
        Assert.Equal("21:00", office["quietHours"]!["start"]!.GetValue<string>());
        Assert.Equal("08:00", office["quietHours"]!["end"]!.GetValue<string>());
        Assert.Equal("CNY", office["currency"]!.GetValue<string>());
        Assert.Equal(0.05m, office["costPerSmsSegment"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Anonymous_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync("/api/office")).StatusCode);
    }
}

/// <summary>An office elsewhere, configured through app settings.</summary>
public sealed class OtherOfficeFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Office:Name"] = "Retiree Services, Vancouver",
        ["Office:TimeZone"] = "America/Vancouver",
        ["Office:PhoneRegion"] = "CA",
        ["Sms:QuietHours"] = "20:30-09:15",
        ["Sms:Currency"] = "CAD",
        ["Sms:CostPerSegment"] = "0.0079",
    };
}

public class OfficeSettingsTests(OtherOfficeFactory app) : IClassFixture<OtherOfficeFactory>
{
    [Fact]
    public async Task Values_follow_the_app_settings()
    {
        var coordinator = (await app.SignInAsAsync("coordinator")).Client;
        var office = await (await coordinator.GetAsync("/api/office")).JsonAsync();

        Assert.Equal("Retiree Services, Vancouver", office["name"]!.GetValue<string>());
        Assert.Equal("America/Vancouver", office["timeZone"]!.GetValue<string>());
        Assert.Equal("CA", office["phoneRegion"]!.GetValue<string>());
        Assert.Equal("20:30", office["quietHours"]!["start"]!.GetValue<string>());
        Assert.Equal("09:15", office["quietHours"]!["end"]!.GetValue<string>());
        Assert.Equal("CAD", office["currency"]!.GetValue<string>());
        Assert.Equal(0.0079m, office["costPerSmsSegment"]!.GetValue<decimal>());
    }
}
