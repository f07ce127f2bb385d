using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.Acs;

public sealed class AcsSmsClientOptions : ClientOptions
{
    public const string ServiceVersion = "2021-03-07";
}

/// <summary>
/// Azure Communication Services SMS over REST, in the Azure SDK's shape (the Azure.Communication.Sms package is
/// not in our mirror): <c>POST {endpoint}/sms?api-version=2021-03-07</c> on Azure.Core's pipeline, signed with
/// the access key of a connection string or a bearer token for managed identity. Thread-safe; one per app.
/// Per-recipient results come back one by one; a failed request throws <see cref="RequestFailedException"/>.
/// </summary>
public sealed class AcsSmsClient : ISmsGateway
{
    public const string Scope = "https://communication.azure.com//.default";
    private readonly Uri _endpoint;
    private readonly HttpPipeline _pipeline;

    /// <summary>From a connection string: <c>endpoint=https://…/;accesskey=…</c>.</summary>
    public AcsSmsClient(string connectionString, AcsSmsClientOptions? options = null)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("endpoint", out var endpoint) || !parts.TryGetValue("accesskey", out var key))
            throw new ArgumentException("The ACS connection string needs endpoint= and accesskey=.", nameof(connectionString));
        _endpoint = new Uri(endpoint);
        _pipeline = HttpPipelineBuilder.Build(options ?? new AcsSmsClientOptions(), new HmacAuthenticationPolicy(key));
    }

    /// <summary>With Entra ID (managed identity in Azure).</summary>
    public AcsSmsClient(Uri endpoint, TokenCredential credential, AcsSmsClientOptions? options = null)
    {
        _endpoint = endpoint;
        _pipeline = HttpPipelineBuilder.Build(options ?? new AcsSmsClientOptions(), new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(_endpoint, $"/sms?api-version={AcsSmsClientOptions.ServiceVersion}"));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(Body(request).ToJsonString()));
        message.ResponseClassifier = new StatusCodeClassifier([202]);
        await _pipeline.SendAsync(message, ct);
        if (message.Response.Status != 202) throw new RequestFailedException(message.Response);
        using var doc = JsonDocument.Parse(message.Response.Content.ToMemory());
        return doc.RootElement.GetProperty("value").EnumerateArray().Select(r => new SmsSendResult(
            r.GetProperty("to").GetString()!,
            r.TryGetProperty("successful", out var ok) && ok.GetBoolean(),
            r.TryGetProperty("httpStatusCode", out var status) ? status.GetInt32() : 0,
            r.TryGetProperty("messageId", out var id) ? id.GetString() : null,
            r.TryGetProperty("errorMessage", out var error) ? error.GetString() : null,
            r.TryGetProperty("repeatabilityResult", out var repeat) ? repeat.GetString() : null)).ToList();
    }

    private static JsonObject Body(SmsSendRequest request) => new()
    {
        ["from"] = request.From,
        ["smsRecipients"] = new JsonArray(request.Recipients.Select(r => (JsonNode)new JsonObject
        {
            ["to"] = r.To,
            ["repeatabilityRequestId"] = r.RepeatabilityRequestId,
            ["repeatabilityFirstSent"] = r.RepeatabilityFirstSent.ToString("r", System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray()),
        ["message"] = request.Message,
        ["smsSendOptions"] = new JsonObject { ["enableDeliveryReport"] = true, ["tag"] = request.Tag },
    };
}
