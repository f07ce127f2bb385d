namespace Afterglow.App.Certification;

public static class CertificationExtensions
{
    /// <summary>Pension certification: the campaigns' store and the desk that reminds and marks. After AddSms and AddVisits.</summary>
    public static IServiceCollection AddCertification(this IServiceCollection services)
    {
        services.AddSingleton<CertificationStore>();
        services.AddSingleton<CertificationDesk>();
        return services;
    }
}
