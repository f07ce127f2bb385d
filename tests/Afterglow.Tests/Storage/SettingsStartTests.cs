using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Storage;

/// <summary>Tests that start the app (in-process or as a process) and tear it down at once: run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StartUpCollection
{
    public const string Name = "start-up";
}

/// <summary>Settings are bound from their section and checked when the host starts: a bad value stops the start, naming itself.</summary>
[Collection(StartUpCollection.Name)]
public class SettingsStartTests
{
    private sealed class App(params (string Key, string Value)[] settings) : AppFactory
    {
        protected override IDictionary<string, string?> Settings => settings.ToDictionary(s => s.Key, s => (string?)s.Value);
    }

    [Theory]
    [InlineData("Auth:LoginAttemptsPerMinute", "0")]
    [InlineData("Auth:LoginAttemptsPerMinute", "many")]
    [InlineData("Auth:Oidc:Authority", "http://login.example.com/tenant")]
    [InlineData("CheckIns:Parallelism", "0")]
    [InlineData("CheckIns:WatchTolerance", "1.5")]
    [InlineData("Office:TimeZone", "Mars/Olympus")]
    [InlineData("Office:PhoneRegion", "CHN")]
    [InlineData("Storage:MaxRetries", "11")]
    [InlineData("Storage:RetryDelaySeconds", "soon")]
    public Task A_bad_value_stops_the_start_with_a_message_naming_the_setting(string key, string value) =>
        FailingStart.AssertStopsSayingAsync(key, "Development", (key, value));

    [Fact]
    public Task A_missing_client_id_for_entra_id_names_both_settings() =>
        FailingStart.AssertStopsSayingAsync("Auth:Oidc:ClientId", "Development", ("Auth:Oidc:Authority", "https://login.example.com/tenant"));

    [Fact]
    public async Task Every_bad_value_is_named_at_once_and_the_server_never_listens()
    {
        var (code, output) = await FailingStart.RunAsync("Development", ("CheckIns:Parallelism", "0"), ("Storage:MaxRetries", "11"), ("Office:PhoneRegion", "CHN"));
        Assert.NotEqual(0, code);
        Assert.All(new[] { "CheckIns", "Storage", "Office" }, section => Assert.Contains($"{section} settings:", output));
        Assert.DoesNotContain("Now listening on", output);
    }

    [Fact]
    public void Good_values_are_bound_and_injectable_as_the_options_class_itself()
    {
        using var app = new App(("CheckIns:Parallelism", "7"), ("CheckIns:WatchTolerance", "0.1"), ("Office:Name", " 老干部处 "),
            ("Office:PhoneRegion", "hk"), ("Auth:LoginAttemptsPerMinute", "12"), ("Storage:MaxRetries", "2"));
        app.CreateClient();
        var checkIns = app.Services.GetRequiredService<CheckInsOptions>();
        Assert.Equal((7, 0.1), (checkIns.Parallelism, checkIns.WatchTolerance));
        var office = app.Services.GetRequiredService<OfficeOptions>();
        Assert.Equal(("老干部处", "HK", "Asia/Shanghai"), (office.Name, office.PhoneRegion, office.Zone().Id));
        var auth = app.Services.GetRequiredService<AuthOptions>();
        Assert.Equal(12, auth.LoginAttemptsPerMinute);
        Assert.False(auth.OidcEnabled);
        Assert.Equal(2, app.Services.GetRequiredService<StorageOptions>().MaxRetries);
    }
}
