using System.Reflection;
using System.Text.Json.Nodes;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.Tests.Deployment;

/// <summary>
/// The ARM template scripts/bicep.sh builds from infra/bicep, once for the test run: scripts/test.sh builds it first
/// and names its folder (AFTERGLOW_BICEP_OUT); otherwise the fixture runs the script itself.
/// </summary>
public sealed class BicepTemplate
{
    private readonly Lazy<Task<(JsonNode Template, JsonNode China)>> _built = new(BuildAsync);

    public async Task<JsonNode> GetAsync() => (await _built.Value).Template;

    /// <summary>The Azure China parameters (infra/bicep/main.china.bicepparam) as built against the template.</summary>
    public async Task<JsonNode> GetChinaParametersAsync() => (await _built.Value).China;

    private static async Task<(JsonNode, JsonNode)> BuildAsync()
    {
        if (Environment.GetEnvironmentVariable("AFTERGLOW_BICEP_OUT") is { Length: > 0 } built)
            return (JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(built, "main.json")))!,
                JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(built, "main.china.parameters.json")))!);
        var output = Directory.CreateTempSubdirectory("afterglow-bicep-").FullName;
        try
        {
            var (exitCode, log) = await Repository.RunScriptAsync("scripts/bicep.sh", new Dictionary<string, string> { ["BICEP_OUT"] = output }, TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"scripts/bicep.sh failed:\n{log}");
            return (JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "main.json")))!,
                JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "main.china.parameters.json")))!);
        }
        finally { Directory.Delete(output, recursive: true); }
    }
}

/// <summary>One template for every class that reads it.</summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepTemplate>
{
    public const string Name = "Bicep template";
}

/// <summary>A deployment must never start with a setting the app needs missing (issue 6).</summary>
[Collection(BicepCollection.Name)]
public class BicepSettingsTests(BicepTemplate bicep)
{
    [Fact]
    public async Task Every_setting_the_bicep_owns_is_set_as_an_app_setting_with_a_literal_name()
    {
        var names = AppSettingNames(await bicep.GetAsync());
        var missing = AppSettings.Production.Where(s => s.Source == SettingSource.Bicep && !names.Contains(s.Key)).Select(s => s.Key).ToList();
        Assert.True(missing.Count == 0, $"Not set by infra/bicep: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_host_gets_identity_based_storage_and_telemetry_and_no_keys()
    {
        var names = AppSettingNames(await bicep.GetAsync());
        foreach (var key in new[] { "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
                     "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" })
            Assert.Contains(key, names);
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.DoesNotContain(AppSettings.StorageConnectionString, names);
        Assert.DoesNotContain(AppSettings.AcsConnectionString, names);
        Assert.DoesNotContain("listKeys(", Text(await bicep.GetAsync()), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_operator_setting_can_be_passed_to_the_bicep_and_is_documented_in_the_deploy_guide()
    {
        var template = Text(await bicep.GetAsync());
        var guide = await File.ReadAllTextAsync(Repository.PathTo("docs/deploy.md"));
        foreach (var (key, _) in AppSettings.Production.Where(s => s.Source == SettingSource.Operator))
        {
            Assert.Contains($"'{key}'", template, StringComparison.Ordinal);
            Assert.Contains(key, guide, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_table_and_container_the_code_names_is_created_by_the_bicep()
    {
        var parameters = (await bicep.GetAsync())["parameters"]!;
        var tables = parameters["tables"]!["defaultValue"]!.AsArray().Select(t => t!.GetValue<string>()).ToHashSet();
        var containers = parameters["containers"]!["defaultValue"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet();
        foreach (var field in typeof(StorageNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var name = (string)field.GetRawConstantValue()!;
            if (field.Name.EndsWith("Container", StringComparison.Ordinal)) Assert.Contains(name, containers);
            else Assert.Contains(name, tables);
        }
    }

    [Fact]
    public async Task The_function_app_runs_the_custom_handler_on_flex_consumption_by_default_over_https_only_without_cors()
    {
        var template = await bicep.GetAsync();
        // Flex Consumption in Azure; Dedicated in Azure China, which has no Flex Consumption (docs/deploy-china.md).
        Assert.Equal("[if(equals(parameters('cloud'), 'AzureChinaCloud'), 'Dedicated', 'FlexConsumption')]", template["parameters"]!["hostingPlan"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("AzureCloud", template["parameters"]!["cloud"]!["defaultValue"]!.GetValue<string>());
        var site = Resources(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites");
        var runtime = site["properties"]!["functionAppConfig"]!.GetValue<string>();
        Assert.Contains("'runtime', createObject('name', 'custom', 'version', '1.0')", runtime, StringComparison.Ordinal);
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        // siteConfig is chosen per plan (BicepOperationsTests); every plan's starts from the common one, which allows no other origin.
        var common = Descendants(template).OfType<JsonObject>().Single(o => o["variables"] is JsonObject v && v.ContainsKey("commonSiteConfig"))["variables"]!["commonSiteConfig"]!;
        Assert.Empty(common["cors"]!["allowedOrigins"]!.AsArray());
    }

    /// <summary>The template as text, with expressions' quotes left as they are.</summary>
    internal static string Text(JsonNode template) =>
        template.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Every {name, value} object in the template (app settings are written as literal-named objects).</summary>
    internal static HashSet<string> AppSettingNames(JsonNode template) =>
        Descendants(template).OfType<JsonObject>()
            .Where(o => o.Count == 2 && o["name"] is JsonValue n && n.TryGetValue<string>(out _) && o.ContainsKey("value"))
            .Select(o => o["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

    internal static IEnumerable<JsonObject> Resources(JsonNode template) =>
        Descendants(template).OfType<JsonObject>().Where(o => o["type"] is JsonValue t && t.TryGetValue<string>(out var s) && s.Contains('/') && o.ContainsKey("apiVersion"));

    internal static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
            foreach (var d in Descendants(child))
                yield return d;
    }
}
