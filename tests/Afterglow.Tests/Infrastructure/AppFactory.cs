using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Afterglow.Tests.Infrastructure;

/// <summary>
/// The real app on a real Azurite (started by scripts/test.sh, AFTERGLOW_TEST_STORAGE), with its own table
/// prefix so test classes never see each other's data, timers off, and a fake clock tests can move.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "admin-password-123";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Extra settings a test class needs (e.g. an unreachable storage account).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public static string StorageConnection =>
        Environment.GetEnvironmentVariable("AFTERGLOW_TEST_STORAGE")
        ?? throw new InvalidOperationException("AFTERGLOW_TEST_STORAGE is not set: run the tests through scripts/test.sh, which starts Azurite.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:ConnectionString", StorageConnection);
        builder.UseSetting("Storage:Prefix", Prefix);
        builder.UseSetting("Scheduler:Enabled", "false");
        builder.UseSetting("AFTERGLOW_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("AFTERGLOW_ADMIN_PASSWORD", AdminPassword);
        // Tests sign in many times from one address; LoginRateLimitTests checks the real limit.
        builder.UseSetting("Auth:LoginAttemptsPerMinute", "100000");
        builder.UseSetting("AFTERGLOW_WEB_ROOT", Path.Combine(AppContext.BaseDirectory, "no-web"));
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        // Warnings and errors only: the app's information lines were most of the test log (45,000 lines) and hid the
        // failures. A test that reads the logs raises the level for its own host (LogCaptureFactory).
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A client with no session.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A signed-in client that sends the anti-forgery header on every request.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var xsrf = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith(Xsrf.CookieName + "="));
        client.DefaultRequestHeaders.Add(Xsrf.HeaderName, xsrf[(Xsrf.CookieName.Length + 1)..]);
        return client;
    }

    public Task<HttpClient> AdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    private int _accounts;

    /// <summary>Creates an account with the given role (a volunteer gets a person record) and signs in as it.</summary>
    public async Task<(HttpClient Client, string? PersonId)> SignInAsAsync(string role)
    {
        var (email, personId) = await CreateAccountAsync(role);
        return (await SignInAsync(email, AccountPassword), personId);
    }

    public const string AccountPassword = "password-123456";

    /// <summary>Creates an account (and for a volunteer, the person record); returns its email.</summary>
    public async Task<(string Email, string? PersonId)> CreateAccountAsync(string role)
    {
        var admin = await AdminAsync();
        string? personId = null;
        var n = Interlocked.Increment(ref _accounts);
        if (role == Roles.Volunteer)
        {
            var person = await admin.PostAsJsonAsync("/api/people", new { name = $"志愿者{n}", phone = $"1390000{n:D4}", role = "volunteer" });
            person.EnsureSuccessStatusCode();
            personId = (await person.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
        }
        var email = $"{role}{n}@test.local";
        var created = await admin.PostAsJsonAsync("/api/accounts", new { email, displayName = $"{role} {n}", role, password = AccountPassword, personId });
        created.EnsureSuccessStatusCode();
        return (email, personId);
    }
}

/// <summary>One app per test class; classes run in parallel on their own prefixes.</summary>
public abstract class AppTests(AppFactory app) : IClassFixture<AppFactory>
{
    protected AppFactory App { get; } = app;
}
