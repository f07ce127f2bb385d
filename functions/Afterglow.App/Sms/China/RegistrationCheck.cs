using Afterglow.App.Messages;

namespace Afterglow.App.Sms.China;

/// <summary>At start, names every template and language without a provider code: those messages would be refused when queued.</summary>
public sealed class RegistrationCheck(MainlandTemplates mainland, ILogger<RegistrationCheck> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (mainland.Unregistered(SmsTemplates.Defaults.Values) is { Count: > 0 } missing)
            log.LogWarning("SMS templates without a {Provider} template code (they will be refused when queued): {Templates}",
                mainland.Rules!.DisplayName, string.Join(", ", missing));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
