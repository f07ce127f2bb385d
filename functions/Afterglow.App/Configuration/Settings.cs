using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

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

/// <summary>The one way settings are read: bound from their section, checked when the host starts (ValidateOnStart).</summary>
public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/>, checks it before anything runs (a bad value stops
    /// the start with a message naming the setting), and makes it injectable as itself. <paramref name="bind"/> is
    /// always <c>(c, o) =&gt; c.Bind(o)</c>, written where the type is known so the binding is generated at compile
    /// time (a generic Bind would bind by reflection, which Native AOT cannot; ADR 0018).
    /// </summary>
    public static IServiceCollection AddSettings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        this IServiceCollection services, string section, Action<IConfiguration, T> bind) where T : class, ISettings
    {
        services.AddOptions<T>().Configure<IConfiguration>((o, config) => Bind(config.GetSection(section), o, section, bind)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Check<T>(section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
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

    private sealed class Check<T>(string section) : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{section} settings: {p}"));
        }
    }
}
