using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Afterglow.App.Hosting;

/// <summary>What a timer invocation tells the job: when it was due and whether it is late.</summary>
public sealed record TimerInvocation(string FunctionName, DateTimeOffset? UtcNow, bool IsPastDue, DateTimeOffset? LastRun);

/// <summary>
/// The host's non-HTTP invocation envelope <c>{Data, Metadata}</c>, read leniently: PascalCase or camelCase,
/// values that are JSON written as strings, and <c>ScheduleStatus: null</c> (azure-notes A.4).
/// </summary>
public sealed class InvocationEnvelope(JsonObject data, JsonObject metadata)
{
    public JsonObject Data { get; } = data;
    public JsonObject Metadata { get; } = metadata;

    /// <summary>One reading of an event: a property given twice is refused (JsonException: a 400), as in request bodies.</summary>
    private static readonly JsonDocumentOptions OneReading = new() { AllowDuplicateProperties = false };

    public static InvocationEnvelope Parse(string body)
    {
        var root = string.IsNullOrWhiteSpace(body) ? new JsonObject() : Unwrap(JsonNode.Parse(body, documentOptions: OneReading)) as JsonObject
            ?? throw new JsonException("The invocation body is not a JSON object.");
        return new InvocationEnvelope(
            Unwrap(Get(root, "Data")) as JsonObject ?? new JsonObject(),
            Unwrap(Get(root, "Metadata")) as JsonObject ?? new JsonObject());
    }

    /// <summary>A property by name, ignoring case, with string-encoded JSON unwrapped.</summary>
    public static JsonNode? Get(JsonNode? node, string name)
    {
        if (Unwrap(node) is not JsonObject obj) return null;
        foreach (var (key, value) in obj)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return Unwrap(value);
        return null;
    }

    /// <summary>A string that holds a JSON object or array is parsed; anything else is left as is.</summary>
    public static JsonNode? Unwrap(JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            var t = s.Trim();
            if ((t.StartsWith('{') && t.EndsWith('}')) || (t.StartsWith('[') && t.EndsWith(']')))
            {
                try { return JsonNode.Parse(t, documentOptions: OneReading); } catch (JsonException) { return node; }
            }
        }
        return node;
    }

    public TimerInvocation ToTimer(string functionName)
    {
        var timer = Data.Select(kv => Unwrap(kv.Value)).OfType<JsonObject>().FirstOrDefault();
        var status = Get(timer, "ScheduleStatus");
        return new TimerInvocation(
            functionName,
            AsTime(Get(Get(Metadata, "sys"), "UtcNow")),
            AsBool(Get(timer, "IsPastDue")),
            AsTime(Get(status, "Last")));
    }

    private static bool AsBool(JsonNode? n) => n is JsonValue v &&
        (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<string>(out var s) && bool.TryParse(s.Trim('"'), out var p) && p);

    private static DateTimeOffset? AsTime(JsonNode? n) =>
        n is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s.Trim('"'), out var t) ? t.ToUniversalTime() : null;
}

/// <summary>The answer the host expects from a non-HTTP invocation, spelled as the host's documentation spells it.</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
