using System.Text.Json.Nodes;
using static Afterglow.Tests.Deployment.BicepSettingsTests;

namespace Afterglow.Tests.Deployment;

/// <summary>What running an office needs from infra/bicep (issue 16): settings each plan accepts, events that cannot
/// be lost, alerts, backups that cannot be deleted, secrets only as Key Vault references, and Azure China.</summary>
[Collection(BicepCollection.Name)]
public class BicepOperationsTests(BicepTemplate bicep)
{
    private static JsonObject Resource(JsonNode template, string type) =>
        Resources(template).Single(r => r["type"]!.GetValue<string>() == type);

    /// <summary>The nested template (module) that declares a variable of this name.</summary>
    private static JsonObject ModuleWithVariable(JsonNode template, string variable) =>
        Descendants(template).OfType<JsonObject>().Single(o => o["variables"] is JsonObject v && v.ContainsKey(variable));

    [Fact]
    public async Task Flex_consumption_gets_only_site_config_it_accepts_and_the_other_plans_turn_ftp_off()
    {
        var module = ModuleWithVariable(await bicep.GetAsync(), "siteConfigByPlan");
        var variables = module["variables"]!.AsObject();
        var byPlan = variables["siteConfigByPlan"]!.AsObject();
        var flex = byPlan["FlexConsumption"]!;
        // "[variables('x')]" names another variable; resolve it to the literal object.
        if (flex is JsonValue reference && reference.GetValue<string>() is var expr && expr.StartsWith("[variables('", StringComparison.Ordinal))
            flex = variables[expr["[variables('".Length..expr.IndexOf('\'', "[variables('".Length)]]!;
        var accepted = new HashSet<string> { "cors", "minTlsVersion" };
        Assert.All(flex.AsObject().Select(p => p.Key), key => Assert.Contains(key, accepted));
        foreach (var plan in new[] { "Premium", "Dedicated" })
            Assert.Contains("'ftpsState', 'Disabled'", byPlan[plan]!.GetValue<string>(), StringComparison.Ordinal);
        var site = Resource(await bicep.GetAsync(), "Microsoft.Web/sites");
        Assert.StartsWith("[union(variables('siteConfigByPlan')[parameters('hostingPlan')]", site["properties"]!["siteConfig"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_grid_delivers_both_sms_event_types_to_the_storage_queue_with_its_identity_and_dead_letters_the_rest()
    {
        var template = await bicep.GetAsync();
        Assert.DoesNotContain("\"AzureFunction\"", Text(template), StringComparison.Ordinal);
        var subscription = Resource(template, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        var delivery = subscription["deliveryWithResourceIdentity"]!;
        Assert.Equal("StorageQueue", delivery["destination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal(-1, delivery["destination"]!["properties"]!["queueMessageTimeToLiveInSeconds"]!.GetValue<int>());
        Assert.Equal("StorageBlob", subscription["deadLetterWithResourceIdentity"]!["deadLetterDestination"]!["endpointType"]!.GetValue<string>());
        var types = subscription["filter"]!["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()).ToHashSet();
        Assert.Equal(["Microsoft.Communication.SMSDeliveryReportReceived", "Microsoft.Communication.SMSReceived"], types.Order());
        Assert.Contains("SystemAssigned", Resource(template, "Microsoft.EventGrid/systemTopics")["identity"]!.ToJsonString(), StringComparison.Ordinal);
        // The topic may only put messages on queues and write dead-letter blobs.
        var topicModule = ModuleWithVariable(template, "deliveryRoles").ToJsonString();
        Assert.Contains("c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", topicModule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backups_are_immutable_for_the_retention_the_office_sets_blobs_are_versioned_and_the_account_is_locked()
    {
        var template = await bicep.GetAsync();
        Assert.True(Resource(template, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!["isVersioningEnabled"]!.GetValue<bool>());
        var container = Resources(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/blobServices/containers"
            && r["properties"]?["immutableStorageWithVersioning"] is not null);
        Assert.True(container["properties"]!["immutableStorageWithVersioning"]!["enabled"]!.GetValue<bool>());
        var policy = Resource(template, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        Assert.Equal("[parameters('backupRetentionDays')]", policy["properties"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        Assert.True(template["parameters"]!["backupRetentionDays"]!["defaultValue"]!.GetValue<int>() >= 7);
        Assert.Equal("CanNotDelete", Resource(template, "Microsoft.Authorization/locks")["properties"]!["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alerts_reach_the_on_call_by_email_and_sms_for_failures_health_the_engine_sms_poison_and_spend()
    {
        var template = await bicep.GetAsync();
        var group = Resource(template, "Microsoft.Insights/actionGroups")["properties"]!;
        Assert.NotNull(group["emailReceivers"]);
        Assert.NotNull(group["smsReceivers"]);
        var alerts = Text(ModuleWithVariable(template, "logAlerts"));
        foreach (var name in new[] { "function-failures", "exceptions", "care-engine-stuck", "sms-failure-rate", "inbound-event-poisoned" })
            Assert.Contains($"\"{name}\"", alerts, StringComparison.Ordinal);
        // The poison alert matches what SmsEventsFunction logs on a message's last try.
        Assert.Contains("Inbound SMS event poisoned", alerts, StringComparison.Ordinal);
        Assert.Contains("Inbound SMS event poisoned", await File.ReadAllTextAsync(Repository.PathTo("functions/Afterglow.App/Hosting/SmsEventsQueue.cs")), StringComparison.Ordinal);
        Assert.Contains("/api/health", Resource(template, "Microsoft.Insights/webtests")["properties"]!["Request"]!["RequestUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Monthly", Resource(template, "Microsoft.Consumption/budgets")["properties"]!["timeGrain"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secrets_reach_the_app_only_as_key_vault_references()
    {
        var template = await bicep.GetAsync();
        var text = Text(template);
        Assert.Contains("createObject('name', 'Auth__Oidc__ClientSecret', 'value', __bicep.secretRef(", text, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName=", text, StringComparison.Ordinal);
        // The function app's module is never handed a secret it could write into a setting, except the first admin's.
        var app = ModuleWithVariable(template, "siteConfigByPlan");
        var secure = app["parameters"]!.AsObject().Where(p => p.Value!["type"]!.GetValue<string>() == "securestring").Select(p => p.Key).Order();
        Assert.Equal(["adminEmail", "adminPassword", "smsFrom"], secure);
        var vault = Resource(template, "Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Azure_china_builds_with_no_communication_services_a_plan_that_exists_there_and_its_own_sign_in_authority()
    {
        var template = await bicep.GetAsync();
        var china = (await bicep.GetChinaParametersAsync())["parameters"]!;
        Assert.Equal("AzureChinaCloud", china["cloud"]!["value"]!.GetValue<string>());
        Assert.NotEqual("FlexConsumption", china["hostingPlan"]!["value"]!.GetValue<string>());
        Assert.Contains(china["smsGateway"]!["value"]!.GetValue<string>(), new[] { "aliyun", "tencent" });
        var cloud = template["parameters"]!["cloud"]!;
        Assert.Equal(["AzureChinaCloud", "AzureCloud"], cloud["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        // Communication Services and its Event Grid topic are deployed only where ACS is the gateway, outside China.
        var modules = Resources(template).Where(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments").ToList();
        foreach (var name in new[] { "communication", "eventgrid" })
            Assert.Contains("variables('isChina')", modules.Single(m => m["name"]!.GetValue<string>() == name)["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        // Sign-in uses the cloud's own login endpoint, never a hard-coded global one.
        Assert.Contains("environment().authentication.loginEndpoint", Text(template), StringComparison.Ordinal);
        Assert.DoesNotContain("login.microsoftonline.com", Text(template), StringComparison.Ordinal);
    }
}
