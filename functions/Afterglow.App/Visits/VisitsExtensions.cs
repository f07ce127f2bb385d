namespace Afterglow.App.Visits;

public static class VisitsExtensions
{
    /// <summary>The visit log: one store, written per retiree and per month.</summary>
    public static IServiceCollection AddVisits(this IServiceCollection services) => services.AddSingleton<VisitStore>();
}
