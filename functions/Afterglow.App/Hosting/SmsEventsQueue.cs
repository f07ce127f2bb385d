using System.Text.Json.Nodes;
using Afterglow.App.Auth;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Hosting;

/// <summary>How many inbound events are stuck in the poison queue, for coordinators (and the alert that names them).</summary>
public sealed record PoisonedEvents(string Queue, int Count, DateTimeOffset? Oldest);

/// <summary>
/// SmsEvents, the queueTrigger function behind Event Grid's Storage queue destination (infra/bicep/modules/eventgrid.bicep):
/// each message is one Event Grid event — SMSReceived or SMSDeliveryReportReceived — handed to the same function
/// the Event Grid trigger used, so a reply or a report takes one path whichever way it arrived. The inbound path
/// is idempotent by the provider's message id, so a message handled twice (a crash before the delete) changes
/// state once.
/// </summary>
public sealed class SmsEventsFunction(IServiceProvider services, ILogger<SmsEventsFunction> log) : IQueueFunction, IEventFunction
{
    public static string FunctionName => "SmsEvents";
    public const string Queue = "sms-events";

    private static readonly Dictionary<string, string> FunctionByEventType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Communication.SMSReceived"] = "SmsReceived",
        ["Microsoft.Communication.SMSDeliveryReportReceived"] = "SmsDeliveryReport",
    };

    public string Name => FunctionName;
    /// <summary>"sms-events" in Azure (function.json names it); standalone under the storage prefix.</summary>
    public string QueueName => services.GetRequiredService<Storage.StorageAccount>().QueueName(Queue);

    public Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct) => HandleAsync(QueueMessages.FromEnvelope(envelope), ct);

    public async Task<string> HandleAsync(QueueInvocation invocation, CancellationToken ct)
    {
        try
        {
            var events = invocation.Message is JsonArray list ? list.OfType<JsonNode>().Select(QueueMessages.Decode).ToList() : [invocation.Message];
            var lines = new List<string>();
            foreach (var e in events) lines.Add(await DispatchAsync(e, ct));
            return string.Join(" ", lines);
        }
        catch (Exception e) when (e is not OperationCanceledException && invocation.DequeueCount >= QueueMessages.MaxDequeueCount)
        {
            // The last try: the host (or the drain) now moves it to the poison queue. The alert in alerts.bicep matches this text.
            log.LogError(e, "Inbound SMS event poisoned: message {MessageId} failed {Count} times", invocation.MessageId, invocation.DequeueCount);
            throw;
        }
    }

    private Task<string> DispatchAsync(JsonNode e, CancellationToken ct)
    {
        var type = (InvocationEnvelope.Get(e, "eventType") ?? InvocationEnvelope.Get(e, "type"))?.ToString();
        if (type is null || !FunctionByEventType.TryGetValue(type, out var name))
            throw new BadHttpRequestException($"The queue message is not an SMS event (event type {type ?? "missing"}).");
        var function = services.GetServices<FunctionRegistration>().Single(f => f.Name == name);
        return function.InvokeAsync(services, new InvocationEnvelope(new JsonObject { ["event"] = e.DeepClone() }, new JsonObject()), ct);
    }
}

public static class SmsEventsQueueExtensions
{
    /// <summary>The SmsEvents function for the host, and standalone the drain that plays the host's queue listener.</summary>
    public static WebApplicationBuilder AddSmsEventsQueue(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SmsEventsFunction>();
        services.AddSingleton<IQueueFunction>(sp => sp.GetRequiredService<SmsEventsFunction>());
        services.AddEventFunction<SmsEventsFunction>();
        if (QueueMessages.ServiceClient(
            // Registration needs to know whether there is a queue; the values are checked when the host starts.
            builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()) is not { } client) return builder;
        services.AddSingleton(client);
        services.AddSingleton<QueueDrain>();
        var standalone = string.IsNullOrEmpty(builder.Configuration[AppSettings.CustomHandlerPort]);
        if (standalone && builder.Configuration.GetValue("Scheduler:Enabled", true))
            services.AddHostedService(sp => sp.GetRequiredService<QueueDrain>());
        return builder;
    }

    /// <summary>GET /api/sms-events/poison — staff (coordinators and admins): events that failed five times and wait for a person.</summary>
    public static RouteHandlerBuilder MapSmsEventsQueue(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/sms-events/poison", PoisonAsync).RequireAuthorization(Policies.Staff);

    private static async Task<Results<Ok<PoisonedEvents>, ProblemHttpResult>> PoisonAsync(IServiceProvider services, CancellationToken ct)
    {
        var name = QueueMessages.PoisonQueue(services.GetRequiredService<SmsEventsFunction>().QueueName);
        if (services.GetService<QueueServiceClient>() is not { } client)
            return TypedResults.Problem(statusCode: 503, title: "No queue service is configured (Storage__QueueServiceUri).");
        var queue = client.GetQueueClient(name);
        if (!(await queue.ExistsAsync(ct)).Value) return TypedResults.Ok(new PoisonedEvents(name, 0, null));
        var properties = await queue.GetPropertiesAsync(ct);
        var oldest = (await queue.PeekMessagesAsync(1, ct)).Value.FirstOrDefault()?.InsertedOn;
        return TypedResults.Ok(new PoisonedEvents(name, properties.Value.ApproximateMessagesCount, oldest));
    }
}
