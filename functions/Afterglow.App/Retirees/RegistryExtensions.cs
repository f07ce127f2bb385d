using Afterglow.App.Audit;
using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Afterglow.App.People;
using Afterglow.App.Storage;

namespace Afterglow.App.Retirees;

public static class RegistryExtensions
{
    /// <summary>Storage, the retiree registry with its index, people and areas, and the audit trail.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddSettings<StorageOptions>(StorageOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<StorageOptions>()));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RegistryIndex>();
        services.AddHostedService<RegistryIndexWarmup>();
        services.AddSingleton<RetireeStore>();
        services.AddSingleton<PersonStore>();
        services.AddSingleton<Import.ImportClaims>();
        // Imports run as jobs (ImportJobs): the request, the dashboard's polls and the ImportJobs timer write their steps.
        services.AddSettings<Import.ImportOptions>(Import.ImportOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<Import.ImportJobs>();
        services.AddTimerJob<Import.ImportJobsTimer>();
        return services;
    }
}
