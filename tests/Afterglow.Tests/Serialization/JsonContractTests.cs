using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Afterglow.App.Problems;
using Afterglow.App.Serialization;
using Afterglow.App.Storage;

namespace Afterglow.Tests.Serialization;

/// <summary>
/// The JSON metadata generated at compile time (ADR 0018), checked over every type the context holds and everything
/// they reach: each resolves in both the API's and the storage options (no reflection fallback), no init-only
/// property has an initializer (the generator would overwrite it with null when the JSON leaves it out), and every
/// enum is written as a camelCase string by a converter made without runtime code generation.
/// </summary>
public class JsonContractTests
{
    public static TheoryData<string> Options => new() { "api", "storage" };

    private static JsonSerializerOptions For(string name) => name == "api" ? ProblemExtensions.Json : StorageJson.Options;

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_type_the_context_reaches_resolves_without_reflection(string options)
    {
        var o = For(options);
        Assert.DoesNotContain(o.TypeInfoResolverChain, r => r is DefaultJsonTypeInfoResolver);
        var types = Reachable(o);
        Assert.True(types.Count > 100, $"Only {types.Count} types reached.");
        Assert.Throws<NotSupportedException>(() => o.GetTypeInfo(typeof(NotInTheContext)));
    }

    [Fact]
    public void No_init_only_property_has_an_initializer_the_generator_would_overwrite()
    {
        var offenders = new List<string>();
        foreach (var type in Reachable(ProblemExtensions.Json).Where(t => o(t).Kind == JsonTypeInfoKind.Object && !t.IsAbstract && !t.IsInterface))
        {
            var instance = Construct(type);
            if (instance is null) continue;
            var parameters = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.SetMethod is not { } set || !set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit))) continue;
                if (parameters.Contains(p.Name) || p.GetIndexParameters().Length > 0 || p.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
                var value = p.GetValue(instance);
                var empty = p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null;
                if (!Equals(value, empty)) offenders.Add($"{type.FullName}.{p.Name} = {value}");
            }
        }
        Assert.True(offenders.Count == 0, "Use `set` for these (or no initializer):\n" + string.Join("\n", offenders));

        static JsonTypeInfo o(Type t) => ProblemExtensions.Json.GetTypeInfo(t);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_enum_is_a_camel_case_string_by_a_generic_converter(string options)
    {
        var o = For(options);
        foreach (var e in Reachable(o).Select(t => Nullable.GetUnderlyingType(t) ?? t).Where(t => t.IsEnum).Distinct())
        {
            var converter = o.Converters.FirstOrDefault(c => c.CanConvert(e));
            Assert.True(converter is not null && converter.GetType().IsGenericType, $"{e.FullName} has no JsonStringEnumConverter<{e.Name}> in the {options} options (EnumJson).");
            var value = Enum.GetValues(e).GetValue(Enum.GetValues(e).Length - 1)!;
            var json = JsonSerializer.Serialize(value, o.GetTypeInfo(e));
            Assert.Equal($"\"{JsonNamingPolicy.CamelCase.ConvertName(value.ToString()!)}\"", json);
        }
    }

    /// <summary>Every type the context's roots reach through properties, elements and keys.</summary>
    private static HashSet<Type> Reachable(JsonSerializerOptions o)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(typeof(AppJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute)).Select(a => (Type)a.ConstructorArguments[0].Value!));
        while (queue.TryDequeue(out var t))
        {
            if (!seen.Add(t)) continue;
            var info = o.GetTypeInfo(t);
            foreach (var p in info.Properties) queue.Enqueue(p.PropertyType);
            if (info.ElementType is { } element) queue.Enqueue(element);
            if (info.KeyType is { } key) queue.Enqueue(key);
            if (Nullable.GetUnderlyingType(t) is { } inner) queue.Enqueue(inner);
        }
        return seen;
    }

    /// <summary>An instance made by the constructor with the fewest parameters, each given its default.</summary>
    private static object? Construct(Type type)
    {
        var ctor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null) return null;
        var args = ctor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        try { return ctor.Invoke(args); }
        catch (TargetInvocationException) { return null; }
    }

    private sealed record NotInTheContext(int X);
}
