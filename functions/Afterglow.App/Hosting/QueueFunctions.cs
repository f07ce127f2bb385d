using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace Afterglow.App.Hosting;

/// <summary>One queue message as the function sees it, from the Functions host's envelope or the standalone drain.</summary>
public sealed record QueueInvocation(JsonNode Message, string? MessageId, int DequeueCount);

/// <summary>
/// A queueTrigger function: the Functions host calls it with POST /{Name} (it is also an <see cref="IEventFunction"/>);
/// standalone, <see cref="QueueDrain"/> reads <see cref="QueueName"/> itself. A failure leaves the message for another
/// try; after <see cref="QueueMessages.MaxDequeueCount"/> tries it goes to "{QueueName}-poison", as host.json says.
/// </summary>
public interface IQueueFunction
{
    string Name { get; }
    string QueueName { get; }
    Task<string> HandleAsync(QueueInvocation invocation, CancellationToken ct);
}

public static class QueueMessages
{
    /// <summary>host.json's extensions.queues.maxDequeueCount (a test keeps them equal).</summary>
    public const int MaxDequeueCount = 5;

    public static string PoisonQueue(string queue) => queue + "-poison";

    /// <summary>
    /// The message's JSON, however it was wrapped: the host hands a queue item over as a JSON string (so an event is
    /// JSON inside a string, and a producer that serialised it once more adds another layer), and Event Grid or an
    /// SDK may write base64 (host.json sets messageEncoding "none", so it arrives as written). Unwrapped until it is
    /// an object or array; anything else is a 400.
    /// </summary>
    public static JsonNode Decode(JsonNode? node)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            if (node is JsonObject or JsonArray) return node;
            if (node is not JsonValue v || !v.TryGetValue<string>(out var text))
                throw new BadHttpRequestException("The queue message is not a JSON object.");
            node = Parse(text.Trim());
        }
        throw new BadHttpRequestException("The queue message is wrapped too many times.");
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length > 0 && text[0] is '{' or '[' or '"')
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException e) { throw new BadHttpRequestException($"The queue message is not valid JSON: {e.Message}"); }
        }
        var bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written)) return JsonValue.Create(Encoding.UTF8.GetString(bytes, 0, written));
        throw new BadHttpRequestException("The queue message is neither JSON nor base64.");
    }

    /// <summary>The host's envelope for a queue trigger: the item under the trigger's name, DequeueCount and Id in Metadata (read leniently).</summary>
    public static QueueInvocation FromEnvelope(InvocationEnvelope envelope)
    {
        var item = envelope.Data.Select(kv => kv.Value).FirstOrDefault()
            ?? throw new BadHttpRequestException("The invocation carries no queue message.");
        var count = InvocationEnvelope.Get(envelope.Metadata, "DequeueCount") is JsonValue c
            ? (c.TryGetValue<int>(out var n) ? n : int.TryParse(c.ToString().Trim('"'), out var p) ? p : 1) : 1;
        var id = InvocationEnvelope.Get(envelope.Metadata, "Id")?.ToString().Trim('"');
        return new QueueInvocation(Decode(item), id, count);
    }

    /// <summary>The queue service: the connection string where one is set (Azurite, tests), else its URI with the app's identity.</summary>
    public static QueueServiceClient? ServiceClient(Storage.StorageOptions storage)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        if (storage.ConnectionString is { } connection) return new QueueServiceClient(connection, options);
        if (storage.QueueServiceUri is not { } uri) return null;
        return new QueueServiceClient(new Uri(uri), Storage.StorageAccount.Credential(storage.Credential, storage.ClientId), options);
    }
}
