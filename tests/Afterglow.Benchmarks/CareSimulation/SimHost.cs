using Afterglow.App.CheckIns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>The real app (any type of its assembly names the entry point) in this process, on Azurite, with a fake clock and the simulated phones as its SMS outlet.</summary>
public sealed class SimHost(string storage, string prefix, ICareMessages phone, DateTimeOffset start) : WebApplicationFactory<CheckInSweep>
{
    // The factory looks for its content root before ConfigureWebHost runs; this setting answers first.
    // Production needs a gateway named before the host is configured; nothing reaches it (the simulated phones are the outlet).
    static SimHost()
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_AFTERGLOW", AppContext.BaseDirectory);
        Environment.SetEnvironmentVariable("Sms__Gateway", "acs");
        Environment.SetEnvironmentVariable("Acs__ConnectionString", "endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    }

    public FakeTimeProvider Clock { get; } = new(start);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Wherever the benchmark is started from, the app's content root is the output folder (host.json sits there).
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:ConnectionString", storage);
        builder.UseSetting("Storage:Prefix", prefix);
        builder.UseSetting("Scheduler:Enabled", "false");
        builder.UseSetting("AFTERGLOW_ADMIN_EMAIL", "sim@afterglow.local");
        builder.UseSetting("AFTERGLOW_ADMIN_PASSWORD", "sim-password-123");
        builder.UseSetting("AFTERGLOW_WEB_ROOT", Path.Combine(AppContext.BaseDirectory, "no-web"));
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.ConfigureServices(s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            s.Replace(ServiceDescriptor.Singleton(phone));
        });
    }
}
