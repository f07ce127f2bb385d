using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Hosting;

/// <summary>
/// A timer function. Timers are not retried and can be skipped, so every job is idempotent and catches up on
/// what it missed; it returns a line for the invocation log.
/// </summary>
public interface ITimerJob
{
    /// <summary>The function's name: its folder under functions/host and the path the host posts to.</summary>
    static abstract string FunctionName { get; }
    Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct);
}

/// <summary>A non-HTTP, non-timer function (Event Grid): gets the whole envelope, returns a log line.</summary>
public interface IEventFunction
{
    /// <summary>The function's name: its folder under functions/host and the path the host posts to.</summary>
    static abstract string FunctionName { get; }
    Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct);
}

/// <summary>
/// A timer job or event function known by name and built on its first invocation. Building them all when the
/// routes were mapped (their stores, clients and loggers, a third of the dependency graph) was a third of the cold start.
/// </summary>
public sealed record FunctionRegistration(string Name, Func<IServiceProvider, InvocationEnvelope, CancellationToken, Task<string>> InvokeAsync)
{
    /// <summary>A timer job's run with an invocation made here (the standalone scheduler); null for an event function.</summary>
    public Func<IServiceProvider, TimerInvocation, CancellationToken, Task<string>>? RunTimerAsync { get; init; }
}

public static class TimerJobExtensions
{
    public static IServiceCollection AddTimerJob<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, ITimerJob
    {
        services.AddSingleton<T>();
        Func<IServiceProvider, TimerInvocation, CancellationToken, Task<string>> run = (sp, timer, ct) => sp.GetRequiredService<T>().RunAsync(timer, ct);
        services.AddSingleton(new FunctionRegistration(T.FunctionName, (sp, envelope, ct) => run(sp, envelope.ToTimer(T.FunctionName), ct)) { RunTimerAsync = run });
        return services;
    }

    public static IServiceCollection AddEventFunction<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IEventFunction
    {
        services.TryAddSingleton<T>();
        services.AddSingleton(new FunctionRegistration(T.FunctionName, (sp, envelope, ct) => sp.GetRequiredService<T>().HandleAsync(envelope, ct)));
        return services;
    }
}
