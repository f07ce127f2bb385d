namespace Afterglow.App.Subsidies;

public static class SubsidiesExtensions
{
    /// <summary>Subsidies: the rules and hardship levels, and the lists computed from the registry index.</summary>
    public static IServiceCollection AddSubsidies(this IServiceCollection services)
    {
        services.AddSingleton<SubsidyStore>();
        services.AddSingleton<SubsidyLists>();
        return services;
    }
}
