using System.Text.Json;

namespace Afterglow.App.Hosting;

/// <summary>One binding from a function.json.</summary>
public sealed record FunctionBinding(string Type, string Direction, string Name, string? Route, string? Schedule, IReadOnlyList<string> Methods, string? QueueName = null);

/// <summary>One function folder of the Functions app root.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal));
    public bool IsHttp => Trigger.Type == "httpTrigger";
    public bool IsTimer => Trigger.Type == "timerTrigger";
    public bool IsEventGrid => Trigger.Type == "eventGridTrigger";
    public bool IsQueue => Trigger.Type == "queueTrigger";
}

/// <summary>
/// Reads host.json's sibling function folders. The same files drive the Functions host in Azure and the
/// standalone scheduler, so a schedule is written once.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(string appRoot)
    {
        AppRoot = appRoot;
        Functions = Directory.Exists(appRoot)
            ? Directory.GetDirectories(appRoot)
                .Where(d => File.Exists(Path.Combine(d, "function.json")))
                .Select(d => Load(Path.GetFileName(d), Path.Combine(d, "function.json")))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList()
            : [];
    }

    public string AppRoot { get; }
    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public FunctionDefinition? Find(string name) => Functions.FirstOrDefault(f => f.Name == name);

    public static FunctionDefinition Load(string name, string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var bindings = doc.RootElement.GetProperty("bindings").EnumerateArray().Select(b => new FunctionBinding(
            b.GetProperty("type").GetString()!,
            b.GetProperty("direction").GetString()!,
            b.GetProperty("name").GetString()!,
            b.TryGetProperty("route", out var r) ? r.GetString() : null,
            b.TryGetProperty("schedule", out var s) ? s.GetString() : null,
            b.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
            b.TryGetProperty("queueName", out var q) ? q.GetString() : null)).ToList();
        return new FunctionDefinition(name, bindings);
    }
}
