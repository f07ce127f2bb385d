using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Sms;

public static class SmsExtensions
{
    /// <summary>The outbox (in place of the care engine's unsent stand-in), the dispatcher, a gateway, the inbound path.</summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = SmsOptions.Read(builder.Configuration);
        services.AddSingleton(options);
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<SmsTemplates>();
        services.AddSingleton<DispatchKick>();
        services.AddSingleton<SmsOutbox>();
        services.Replace(ServiceDescriptor.Singleton<ICareMessages>(sp => sp.GetRequiredService<SmsOutbox>()));
        services.AddSingleton<SmsDeliveryReports>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<BroadcastAnswers>();
        services.AddSingleton<SmsInbound>();
        services.AddSingleton<DevPhone>();
        services.AddSingleton<ISmsGateway>(sp => sp.GetRequiredService<DevPhone>());
        services.AddTimerJob<SmsDispatcher>();
        services.AddTimerJob<BroadcastQueue>();
        // Wherever timers run, a queued message also wakes the dispatcher at once (tests that turn timers off drive it themselves).
        if (builder.Configuration.GetValue("Scheduler:Enabled", true)) services.AddHostedService<DispatchKickLoop>();
        return builder;
    }

    public static WebApplication MapSms(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) app.MapDevPhone();
        return app;
    }
}
