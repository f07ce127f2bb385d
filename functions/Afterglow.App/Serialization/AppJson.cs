using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Afterglow.App.Serialization;

/// <summary>
/// JSON metadata made at compile time (<see cref="AppJsonContext"/>) for both the API's options and the storage
/// options: no reflection at start or at run time, and the same code path in the JIT build the tests use as in the
/// Native AOT binary (ADR 0018). A type missing from the context fails loudly instead of falling back to reflection.
/// </summary>
public static class AppJson
{
    /// <summary>The generated metadata and enums as camelCase strings (<see cref="EnumJson"/>); numbers read as enums only when <paramref name="enumsFromNumbers"/>.</summary>
    public static JsonSerializerOptions UseGenerated(JsonSerializerOptions o, bool enumsFromNumbers)
    {
        EnumJson.AddTo(o.Converters, enumsFromNumbers);
        o.TypeInfoResolverChain.Clear();
        o.TypeInfoResolverChain.Add(AppJsonContext.Default);
        return o;
    }

    /// <summary>
    /// <typeparamref name="T"/> with the serializer's plain defaults (PascalCase, case-sensitive): for files first written
    /// with them (backup manifests) and for text a form field carries.
    /// </summary>
    public static JsonTypeInfo<T> Plain<T>() => (JsonTypeInfo<T>)AppJsonContext.Default.GetTypeInfo(typeof(T))!;

    /// <summary>The typed metadata of <typeparamref name="T"/> in these options (throws when the context lacks it).</summary>
    public static JsonTypeInfo<T> Info<T>(this JsonSerializerOptions o) => (JsonTypeInfo<T>)o.GetTypeInfo(typeof(T));
}
