using System.Net;

namespace Afterglow.Tests.Security;

/// <summary>Production under the Functions host (the custom handler's port is set): the host's invocations get through.</summary>
public class ProductionHostFactory : ProductionFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7999" };
}

/// <summary>The other half of ProductionEdgeTests: the same invocation paths that are 404 standalone answer the host.</summary>
public class HostModeTests(ProductionHostFactory app) : IClassFixture<ProductionHostFactory>
{
    [Theory]
    [InlineData("/NightlyAgeBands", HttpStatusCode.OK)]
    [InlineData("/SmsReceived", HttpStatusCode.BadRequest)]
    public async Task Under_the_functions_host_invocation_paths_answer(string path, HttpStatusCode expected)
    {
        var response = await app.Raw().PostAsync(path, SecurityClients.Json(path == "/SmsReceived" ? """{"Data":{},"Metadata":{}}""" : "{}"));
        Assert.Equal(expected, response.StatusCode);
    }
}
