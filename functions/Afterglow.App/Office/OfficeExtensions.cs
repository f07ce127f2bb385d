using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Afterglow.Domain.Phones;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Office;

public static class OfficeExtensions
{
    /// <summary>The office's clock, time zone and default phone region.</summary>
    public static IServiceCollection AddOffice(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Read and checked now: a bad time zone stops the start, not the first check-in.
        var office = OfficeOptions.Read(config);
        services.AddSingleton(office);
        services.AddSingleton<OfficeClock>();
        services.AddSingleton(new PhoneNumberRules(office.PhoneRegion));
        return services;
    }
}
