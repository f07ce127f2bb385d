
namespace Afterglow.App.Configuration;

/// <summary>
/// A settings class bound from one configuration section that can say what is wrong with its values. Its properties
/// are <c>set</c>, not <c>init</c>: the binder generated at compile time leaves init-only properties alone (ADR 0018).
/// </summary>
public interface ISettings
{
    /// <summary>One sentence per bad value, naming the setting as it is set in the environment (Section__Key).</summary>
    IEnumerable<string> Problems();
}

/// <summary>
/// The one way settings are read: bound from their section once, checked when the host starts (a bad value stops the
/// start, before the server listens), injectable as the class itself. Not through IOptions&lt;T&gt;: nothing here changes
/// while the app runs, and in the Native AOT binary each options type closes half a dozen generic types at start.
/// </summary>
public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/>, checks it before anything runs (a bad value stops
    /// the start with a message naming the setting), and makes it injectable as itself. <paramref name="bind"/> is
    /// always <c>(c, o) =&gt; c.Bind(o)</c>, written where the type is known so the binding is generated at compile
    /// time (a generic Bind would bind by reflection, which Native AOT cannot; ADR 0018).
    /// </summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, string section, Action<IConfiguration, T> bind)
        where T : class, ISettings, new()
    {
        services.AddSingleton(new SettingsCheck(config => Read(config, section, bind), sp => sp.GetRequiredService<T>()));
        // Whichever class is asked for first, a bad value stops the start naming every bad value of every class.
        services.AddSingleton(sp =>
        {
            try { return Read(sp.GetRequiredService<IConfiguration>(), section, bind); }
            catch (InvalidOperationException) { throw Problems(sp)!; }
        });
        // Started before every other hosted service, the web server's included.
        if (!services.Any(d => d.ImplementationType == typeof(SettingsCheckOnStart)))
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SettingsCheckOnStart>());
        return services;
    }

    /// <summary>Bound and checked now: for code that runs before the container exists (the restore command) and for tests.</summary>
    public static T Read<T>(IConfiguration config, string section, Action<IConfiguration, T> bind) where T : class, ISettings, new()
    {
        var o = new T();
        Bind(config.GetSection(section), o, section, bind);
        var problems = o.Problems().ToList();
        return problems.Count == 0 ? o : throw new InvalidOperationException($"{section} settings: {string.Join(" ", problems)}");
    }

    private static void Bind<T>(IConfiguration section, T into, string name, Action<IConfiguration, T> bind)
    {
        try { bind(section, into); }
        catch (InvalidOperationException e) { throw new InvalidOperationException($"{name} settings: {e.Message}", e); }
    }

    /// <summary>A trimmed value, or the default when the setting is empty (the Bicep leaves optional settings empty).</summary>
    public static string OrDefault(string? value, string fallback) => value?.Trim() is { Length: > 0 } v ? v : fallback;

    /// <summary>A trimmed value, or null when the setting is empty.</summary>
    public static string? OrNull(string? value) => value?.Trim() is { Length: > 0 } v ? v : null;

    /// <summary>One settings class: read afresh from the configuration (to name every problem), or the registered instance.</summary>
    private sealed record SettingsCheck(Func<IConfiguration, ISettings> Read, Func<IServiceProvider, ISettings> Resolve);

    /// <summary>Every bad value of every settings class in one exception, or null when all are good.</summary>
    private static InvalidOperationException? Problems(IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var problems = new List<string>();
        foreach (var check in services.GetServices<SettingsCheck>())
        {
            try { check.Read(config); }
            catch (InvalidOperationException e) { problems.Add(e.Message); }
        }
        return problems.Count == 0 ? null : new InvalidOperationException(string.Join(" ", problems));
    }

    /// <summary>
    /// Builds every settings class when the host starts, so a bad value stops it even if nothing asked yet. Each is
    /// bound once (the instance is the one injected); the first bad one throws naming every bad value.
    /// </summary>
    private sealed class SettingsCheckOnStart(IEnumerable<SettingsCheck> checks, IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            foreach (var check in checks) check.Resolve(services);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
