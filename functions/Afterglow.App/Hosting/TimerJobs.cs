namespace Afterglow.App.Hosting;

/// <summary>
/// A timer function. Timers are not retried and can be skipped, so every job is idempotent and catches up on
/// what it missed; it returns a line for the invocation log.
/// </summary>
public interface ITimerJob
{
    string Name { get; }
    Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct);
}

public static class TimerJobExtensions
{
    public static IServiceCollection AddTimerJob<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, ITimerJob
    {
        services.AddSingleton<T>();
        services.AddSingleton<ITimerJob>(sp => sp.GetRequiredService<T>());
        return services;
    }
}

/// <summary>A non-HTTP, non-timer function (Event Grid): gets the whole envelope, returns a log line.</summary>
public interface IEventFunction
{
    string Name { get; }
    Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct);
}
