using System.Text.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Hosting;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Afterglow.App.Sms;

/// <summary>
/// The Event Grid trigger's event, out of the host's invocation envelope (azure-notes A.4, B.6). Keys are
/// camelCased first — the docs' samples write data in PascalCase while the SDK reads camelCase — then parsed by
/// Azure.Messaging.EventGrid, in the Event Grid or the CloudEvents schema. Anything else is a 400: nothing is done.
/// </summary>
public static class SmsEvents
{
    // CloudEvent.Parse reads the event by hand (JsonDocument); its trimming warning is about serializing an object
    // as a CloudEvent's data, which this never does. The AOT package test parses an SMS event in both schemas (ADR 0018).
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Parses by hand; see above.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Parses by hand; see above.")]
    public static object SystemData(InvocationEnvelope envelope, string expectedType)
    {
        var node = envelope.Data.Select(kv => InvocationEnvelope.Unwrap(kv.Value)).OfType<JsonObject>().FirstOrDefault()
            ?? throw new BadHttpRequestException("The invocation carries no Event Grid event.");
        var json = CamelCase(node).ToJsonString();
        object? data;
        string type;
        try
        {
            if (node.Any(kv => string.Equals(kv.Key, "specversion", StringComparison.OrdinalIgnoreCase)))
            {
                var cloud = CloudEvent.Parse(BinaryData.FromString(json.Replace("\"specVersion\"", "\"specversion\"", StringComparison.Ordinal).Replace("\"dataContentType\"", "\"datacontenttype\"", StringComparison.Ordinal)))!;
                type = cloud.Type;
                cloud.TryGetSystemEventData(out data);
            }
            else
            {
                var e = EventGridEvent.Parse(BinaryData.FromString(json));
                type = e.EventType;
                e.TryGetSystemEventData(out data);
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new BadHttpRequestException($"The Event Grid event is malformed: {e.Message}");
        }
        if (!string.Equals(type, expectedType, StringComparison.OrdinalIgnoreCase) || data is null)
            throw new BadHttpRequestException($"Expected a {expectedType} event, got {type}.");
        return data;
    }

    /// <summary>Longer than any real SMS (ten concatenated segments are under 1,600 characters).</summary>
    public const int MaxText = 5_000;

    /// <summary>A provider's message id and a phone number have short, plain shapes.</summary>
    public static void CheckIds(string messageId, string phone)
    {
        if (messageId.Length > 200 || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            throw new BadHttpRequestException("The messageId is not a provider message id (at most 200 letters, digits, '-', '_', '.', ':').");
        if (phone.Length > 40) throw new BadHttpRequestException("The phone number is longer than 40 characters.");
    }

    /// <summary>Every object key with its first letter lower-cased, all the way down.</summary>
    public static JsonNode CamelCase(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key.Length == 0 ? kv.Key : char.ToLowerInvariant(kv.Key[0]) + kv.Key[1..],
            kv.Value is null ? null : CamelCase(InvocationEnvelope.Unwrap(kv.Value)!)))),
        JsonArray a => new JsonArray(a.Select(x => x is null ? null : CamelCase(x)).ToArray()),
        _ => node.DeepClone(),
    };
}

/// <summary>SmsReceived: a reply, into the one inbound path.</summary>
public sealed class SmsReceivedFunction(SmsInbound inbound, TimeProvider time) : IEventFunction
{
    public string Name => "SmsReceived";

    public async Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct)
    {
        var data = (AcsSmsReceivedEventData)SmsEvents.SystemData(envelope, SystemEventNames.AcsSmsReceived);
        if (string.IsNullOrEmpty(data.From) || data.Message is null || string.IsNullOrEmpty(data.MessageId))
            throw new BadHttpRequestException("An SMSReceived event needs from, message and messageId.");
        // Bounds before anything is stored (a table row holds 64 KB, a key 1 KB): an oversized event is refused, not a 500.
        if (data.Message.Length > SmsEvents.MaxText) throw new BadHttpRequestException($"The message is longer than {SmsEvents.MaxText} characters.", 413);
        SmsEvents.CheckIds(data.MessageId, data.From);
        var outcome = await inbound.HandleAsync(new InboundSms(data.From, data.Message, data.ReceivedTimestamp ?? time.GetUtcNow(), data.MessageId), ct);
        return $"SMS {data.MessageId}: {outcome}.";
    }
}

/// <summary>SmsDeliveryReport: delivered or failed, into the outbox and the care engine.</summary>
public sealed class SmsDeliveryReportFunction(SmsDeliveryReports reports, TimeProvider time) : IEventFunction
{
    public string Name => "SmsDeliveryReport";

    public async Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct)
    {
        var data = (AcsSmsDeliveryReportReceivedEventData)SmsEvents.SystemData(envelope, SystemEventNames.AcsSmsDeliveryReportReceived);
        if (string.IsNullOrEmpty(data.To) || string.IsNullOrEmpty(data.MessageId) || string.IsNullOrEmpty(data.DeliveryStatus))
            throw new BadHttpRequestException("An SMSDeliveryReportReceived event needs to, messageId and deliveryStatus.");
        SmsEvents.CheckIds(data.MessageId, data.To);
        if (data.DeliveryStatus.Length > 100 || data.DeliveryStatusDetails?.Length > 1000 || data.Tag?.Length > 200)
            throw new BadHttpRequestException("The delivery report's status, details or tag is too long.");
        var delivered = string.Equals(data.DeliveryStatus, "Delivered", StringComparison.OrdinalIgnoreCase);
        var found = await reports.HandleAsync(new DeliveryReport(data.MessageId, SmsInbound.Normalize(data.To), delivered,
            data.DeliveryStatusDetails, data.Tag, data.ReceivedTimestamp ?? time.GetUtcNow()), ct);
        return $"Delivery report {data.MessageId}: {data.DeliveryStatus}{(found ? "" : " (no such message)")}.";
    }
}
