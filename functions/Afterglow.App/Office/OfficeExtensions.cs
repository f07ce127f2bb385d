using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Afterglow.Domain.Phones;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Office;

public static class OfficeExtensions
{
    /// <summary>The office's clock, time zone and default phone region.</summary>
    public static IServiceCollection AddOffice(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Checked when the host starts: a bad time zone stops the start, not the first check-in.
        services.AddSettings<OfficeOptions>(OfficeOptions.Section, (c, o) => c.Bind(o));
        // Name, zone and quiet hours: the Settings page over the app settings, read through one place.
        services.AddSingleton<OfficeSettingsStore>();
        services.AddSingleton<OfficeProfile>();
        services.AddSingleton<OfficeClock>();
        services.AddSingleton(sp => new PhoneNumberRules(sp.GetRequiredService<OfficeOptions>().PhoneRegion));
        return services;
    }
}
