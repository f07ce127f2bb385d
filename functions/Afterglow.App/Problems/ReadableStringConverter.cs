using System.Text.Json;
using System.Text.Json.Serialization;
using Afterglow.Domain.Text;

namespace Afterglow.App.Problems;

/// <summary>
/// Every string in a JSON request body: control characters (other than line breaks and tabs) and text-direction
/// overrides are refused as a field error, whichever endpoint and field, so no feature can forget the rule.
/// Single-line fields (names) refuse line breaks too, in their own validation.
/// </summary>
public sealed class ReadableStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        var s = reader.GetString()!;
        if (!ReadableText.IsSafe(s, multiline: true)) throw new UnreadableTextException(ReadableText.Describe(s, multiline: true));
        return s;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Also the converter of string dictionary keys (a problem's errors by field): without these the Native AOT binary
    // answered every field error with a 500 (ADR 0018).
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString()!;
        if (!ReadableText.IsSafe(s, multiline: true)) throw new UnreadableTextException(ReadableText.Describe(s, multiline: true));
        return s;
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>A string with characters a reader cannot see; the field error says which.</summary>
public sealed class UnreadableTextException(string reason) : JsonException(reason)
{
    public string Reason { get; } = reason;
}
