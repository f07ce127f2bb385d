using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Afterglow.Tests.Infrastructure;

public static class JsonExtensions
{
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> JsonArrayAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonArray>())!;

    /// <summary>The field errors of a problem-details body.</summary>
    public static async Task<JsonObject> ErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        return body["errors"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No field errors in: {body.ToJsonString()}");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
