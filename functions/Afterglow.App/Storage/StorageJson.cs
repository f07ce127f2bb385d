using System.Text.Json;
using System.Text.Json.Serialization;
using Afterglow.App.Serialization;

namespace Afterglow.App.Storage;

/// <summary>
/// How stored rows are written and read: camelCase, enums by name. Unlike the API's options (which refuse unknown
/// fields), reading skips members it does not know, so a property removed or renamed by a later version — or added
/// by a newer instance during a rolling deploy — never makes an old row unreadable.
/// </summary>
public static class StorageJson
{
    public static readonly JsonSerializerOptions Options = Serialization.AppJson.UseGenerated(new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    }, enumsFromNumbers: true);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options.Info<T>());

    public static T Read<T>(string? json) =>
        JsonSerializer.Deserialize<T>(json ?? throw new InvalidOperationException($"A stored {typeof(T).Name} has no JSON."), Options.Info<T>())!;
}
