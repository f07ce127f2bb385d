namespace Afterglow.App.VisitPlans;

public static class VisitPlansExtensions
{
    /// <summary>Visit plans: the plans' store; their tasks come from the plans and the visit log (ADR 0017g).</summary>
    public static IServiceCollection AddVisitPlans(this IServiceCollection services)
    {
        services.AddSingleton<VisitPlanStore>();
        services.AddSingleton<VisitPlanTasks>();
        return services;
    }
}
