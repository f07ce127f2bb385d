using Afterglow.App.Configuration;

namespace Afterglow.App.Bereavement;

public static class BereavementExtensions
{
    /// <summary>Bereavement: the cases, the desk that records a death and works its checklist, the due-day settings. After AddCheckIns and AddSms.</summary>
    public static IServiceCollection AddBereavement(this IServiceCollection services)
    {
        services.AddSettings<BereavementOptions>(BereavementOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<BereavementStore>();
        services.AddSingleton<BereavementDesk>();
        return services;
    }
}
