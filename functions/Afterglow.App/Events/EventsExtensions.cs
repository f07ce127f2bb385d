using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.App.Events;

public static class EventsExtensions
{
    /// <summary>Events: the store, sign-ups and invitations, SMS answers to invitations, the reminder timer. After AddSms.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSettings<EventsOptions>(EventsOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventSignUps>();
        services.AddSingleton<EventInvitations>();
        services.Replace(ServiceDescriptor.Singleton<ISignUpReplies, EventReplies>());
        services.AddTimerJob<EventReminders>();
        return services;
    }
}
