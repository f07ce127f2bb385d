using Afterglow.App.CheckIns;
using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Sms.Acs;
using Afterglow.App.Sms.Aliyun;
using Afterglow.App.Sms.China;
using Afterglow.App.Sms.Tencent;
using Afterglow.App.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Sms;

public static class SmsExtensions
{
    /// <summary>The outbox (in place of the care engine's unsent stand-in), the dispatcher, a gateway, the inbound path.</summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A gateway that is unknown, missing outside Development, or lacks its keys stops the app here, with the setting named.
        var options = SmsOptions.Read(builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton(options);
        services.AddSingleton<MainlandTemplates>();
        services.AddHostedService<RegistrationCheck>();
        services.AddSingleton<RefusalNotices>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusalNotices>());
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<SmsTemplates>();
        services.AddSingleton<DispatchKick>();
        services.AddSingleton<SmsOutbox>();
        services.Replace(ServiceDescriptor.Singleton<ICareMessages>(sp => sp.GetRequiredService<SmsOutbox>()));
        services.AddSingleton<SmsDeliveryReports>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<BroadcastAnswers>();
        services.TryAddSingleton<ISignUpReplies, NoSignUpReplies>();
        services.AddSingleton<SmsInbound>();
        services.AddSingleton<InboundOnce>();
        services.AddSingleton<SerialIndex>();
        services.AddSingleton<DevPhone>();
        services.AddSingleton(new MainlandClientOptions { ThrottleDelay = options.ThrottleDelay });
        switch (options.Gateway)
        {
            case SmsGateways.Acs: services.AddSingleton<ISmsGateway>(_ => Acs(builder.Configuration)); break;
            case SmsGateways.Aliyun:
                services.AddSingleton(AliyunOptions.Read(builder.Configuration));
                services.AddSingleton<ISmsGateway>(sp => ActivatorUtilities.CreateInstance<AliyunSmsClient>(sp));
                break;
            case SmsGateways.Tencent:
                services.AddSingleton(TencentOptions.Read(builder.Configuration));
                services.AddSingleton<ISmsGateway>(sp => ActivatorUtilities.CreateInstance<TencentSmsClient>(sp));
                break;
            default: services.AddSingleton<ISmsGateway>(sp => sp.GetRequiredService<DevPhone>()); break;
        }
        services.AddEventFunction<SmsReceivedFunction>();
        services.AddEventFunction<SmsDeliveryReportFunction>();
        services.AddTimerJob<SmsDispatcher>();
        services.AddTimerJob<BroadcastQueue>();
        // Wherever timers run, a queued message also wakes the dispatcher at once (tests that turn timers off drive it themselves).
        if (builder.Configuration.GetValue("Scheduler:Enabled", true)) services.AddHostedService<DispatchKickLoop>();
        return builder;
    }

    /// <summary>A connection string where one is set (local trials against a real resource), else endpoint + managed identity.</summary>
    private static AcsSmsClient Acs(IConfiguration config)
    {
        // The outbox owns retries (with backoff across runs and Retry-After): the client tries once.
        var clientOptions = new AcsSmsClientOptions { Retry = { MaxRetries = 0 } };
        if (config[StorageAccount.Key(AppSettings.AcsConnectionString)] is { Length: > 0 } connection) return new AcsSmsClient(connection, clientOptions);
        var endpoint = config[StorageAccount.Key(AppSettings.AcsEndpoint)] ?? throw new InvalidOperationException($"Set {AppSettings.AcsEndpoint} or {AppSettings.AcsConnectionString}.");
        return new AcsSmsClient(new Uri(endpoint), StorageAccount.Credential(config[StorageAccount.Key(AppSettings.AcsCredential)], config[StorageAccount.Key(AppSettings.AcsClientId)]), clientOptions);
    }

    public static WebApplication MapSms(this WebApplication app)
    {
        app.MapMessages();
        app.MapTemplates();
        app.MapSegments();
        app.MapBroadcasts();
        app.MapMainlandCallbacks();
        if (app.Environment.IsDevelopment()) app.MapDevPhone();
        return app;
    }
}
