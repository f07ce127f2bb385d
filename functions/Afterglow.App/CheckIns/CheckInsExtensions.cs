using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.CheckIns;

public static class CheckInsExtensions
{
    /// <summary>Care plans, check-ins, incidents and the escalation ladder, the roster, and their timer functions.</summary>
    public static WebApplicationBuilder AddCheckIns(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<CheckInsOptions>(CheckInsOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<CarePlanStore>();
        services.AddSingleton<CheckInStore>();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<RosterStore>();
        services.AddSingleton<CareRecipients>();
        services.AddSingleton<CarePlanner>();
        services.AddSingleton<CareFamilyNotes>();
        services.AddSingleton<EscalationEngine>();
        services.AddSingleton<CareReplies>();
        services.AddSingleton<CallTasks>();
        services.AddSingleton<FieldReports>();
        services.AddSingleton<MassCheckIns>();
        // The SMS outbox replaces this when it is registered (issue 3).
        services.TryAddSingleton<ICareMessages, UnsentCareMessages>();
        services.AddTimerJob<CheckInSweep>();
        services.AddTimerJob<CarePlanRefresh>();
        services.AddTimerJob<CareWatch>();

        if (builder.Environment.IsDevelopment())
        {
            // Only in Development: a clock the browser tests can move (POST /api/dev/clock/advance).
            var inner = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
            services.AddSingleton(new DevClock(inner));
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => sp.GetRequiredService<DevClock>()));
        }
        return builder;
    }

    public static WebApplication MapCheckIns(this WebApplication app)
    {
        app.MapCheckInsApi();
        app.MapIncidents();
        app.MapCarePlans();
        app.MapRoster();
        if (app.Environment.IsDevelopment()) app.MapDevClock();
        return app;
    }
}
