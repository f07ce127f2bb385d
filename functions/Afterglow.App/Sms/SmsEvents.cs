using System.Text.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Hosting;

namespace Afterglow.App.Sms;

/// <summary>
/// The Event Grid trigger's event, out of the host's invocation envelope (azure-notes A.4, B.6), in the Event Grid or
/// the CloudEvents schema. Keys are camelCased first: the docs' samples write data in PascalCase, the service camelCase.
/// Read by hand with JsonNode, not by Azure.Messaging.EventGrid: its system-event parsing deserializes by reflection,
/// which the Native AOT binary refuses (ADR 0018). Anything else is a 400: nothing is done.
/// </summary>
public static class SmsEvents
{
    public const string Received = "Microsoft.Communication.SMSReceived";
    public const string DeliveryReportReceived = "Microsoft.Communication.SMSDeliveryReportReceived";

    /// <summary>The event's data object, once its type is <paramref name="expectedType"/>.</summary>
    public static EventData SystemData(InvocationEnvelope envelope, string expectedType)
    {
        var node = envelope.Data.Select(kv => InvocationEnvelope.Unwrap(kv.Value)).OfType<JsonObject>().FirstOrDefault()
            ?? throw new BadHttpRequestException("The invocation carries no Event Grid event.");
        var ev = (JsonObject)CamelCase(node);
        // CloudEvents name the type "type" (and carry "specversion"); the Event Grid schema "eventType".
        var cloud = ev.ContainsKey("specversion") || ev.ContainsKey("specVersion");
        var type = EventData.Text(ev, cloud ? "type" : "eventType");
        if (string.IsNullOrEmpty(type)) throw new BadHttpRequestException($"The Event Grid event is malformed: it has no {(cloud ? "type" : "eventType")}.");
        if (!string.Equals(type, expectedType, StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException($"Expected a {expectedType} event, got {type}.");
        if (InvocationEnvelope.Unwrap(ev["data"]) is not JsonObject data)
            throw new BadHttpRequestException("The Event Grid event is malformed: its data is not an object.");
        return new EventData(data);
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
    public static string FunctionName => "SmsReceived";

    public async Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct)
    {
        var e = SmsEvents.SystemData(envelope, SmsEvents.Received);
        var data = (From: e.Text("from"), Message: e.Text("message"), MessageId: e.Text("messageId"), ReceivedTimestamp: e.Time("receivedTimestamp"));
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
    public static string FunctionName => "SmsDeliveryReport";

    public async Task<string> HandleAsync(InvocationEnvelope envelope, CancellationToken ct)
    {
        var e = SmsEvents.SystemData(envelope, SmsEvents.DeliveryReportReceived);
        var data = (To: e.Text("to"), MessageId: e.Text("messageId"), DeliveryStatus: e.Text("deliveryStatus"),
            DeliveryStatusDetails: e.Text("deliveryStatusDetails"), Tag: e.Text("tag"), ReceivedTimestamp: e.Time("receivedTimestamp"));
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

/// <summary>An event's data object; a field of the wrong kind is a 400 naming it.</summary>
public sealed class EventData(JsonObject data)
{
    public string? Text(string name) => Text(data, name);

    public DateTimeOffset? Time(string name)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new BadHttpRequestException($"The event's {name} is not a date and time.");
    }

    public static string? Text(JsonObject o, string name) => InvocationEnvelope.Unwrap(o[name]) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new BadHttpRequestException($"The event's {name} is not a string."),
    };
}
