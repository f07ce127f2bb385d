using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Messages;
using Afterglow.App.Sms.China;
using Azure;
using Azure.Core;

namespace Afterglow.App.Sms.Tencent;

/// <summary>Tencent Cloud SMS keys, application and endpoint (Tencent__*); keys from configuration (Key Vault references in Azure).</summary>
public sealed record TencentOptions(string SecretId, string SecretKey, string SdkAppId, string Region, Uri Endpoint)
{
    public static TencentOptions Read(IConfiguration config) => new(
        Required(config, "Tencent:SecretId"), Required(config, "Tencent:SecretKey"), Required(config, "Tencent:SdkAppId"),
        config["Tencent:Region"] is { Length: > 0 } r ? r : "ap-guangzhou",
        new Uri(config["Tencent:Endpoint"] is { Length: > 0 } e ? e : "https://sms.tencentcloudapi.com/"));

    private static string Required(IConfiguration config, string key) => config[key] is { Length: > 0 } v ? v
        : throw new InvalidOperationException($"Sms__Gateway is tencent but {key.Replace(":", "__", StringComparison.Ordinal)} is not set.");

    /// <summary>Never prints the secret key (a record would).</summary>
    public override string ToString() => $"TencentOptions {{ SecretId = {SecretId}, SdkAppId = {SdkAppId}, Region = {Region}, Endpoint = {Endpoint} }}";
}

/// <summary>
/// Tencent Cloud SMS 2021-01-11 over REST, POST JSON signed TC3-HMAC-SHA256 (china-sms-notes §2;
/// https://cloud.tencent.com/document/api/382/55981): SendSms to up to 200 numbers with per-number results,
/// PullSmsSendStatusByPhoneNumber to recognise an earlier attempt. SessionContext carries the dispatcher's batch tag;
/// the status callback brings it back as "ext".
/// </summary>
public sealed class TencentSmsClient(
    TencentOptions tencent, SmsOptions sms, MainlandClientOptions options, SmsTemplates templates, MainlandTemplates mainland, OutboxStore store, SerialIndex serials)
    : MainlandClient(Build(options, new Tc3SigningPolicy(tencent.SecretId, tencent.SecretKey, Service)), options, templates, mainland, store)
{
    public const string Service = "sms";
    public const string Version = "2021-01-11";

    protected override string Provider => SmsGateways.Tencent;

    protected override async Task<IReadOnlyList<SmsSendResult>> SendFreshAsync(IReadOnlyList<SmsRecipient> recipients, string code, IReadOnlyList<(string Name, string Value)> variables, string tag, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["PhoneNumberSet"] = Strings(recipients.Select(r => r.To)),
            ["SmsSdkAppId"] = tencent.SdkAppId,
            ["SignName"] = sms.SignName,
            ["TemplateId"] = code,
            // {1}{2}…: the values in the order of the variables' numbers.
            ["TemplateParamSet"] = Strings(variables.OrderBy(v => int.TryParse(v.Name, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue).Select(v => v.Value)),
            ["SessionContext"] = tag,
        };
        var answer = await CallAsync(() => Create("SendSms", body), IsThrottle, ct);
        if (answer.Code is { } error)
        {
            if (error.StartsWith("AuthFailure", StringComparison.Ordinal)) throw new RequestFailedException(401, $"tencent: {error} {answer.Message}", error, null);
            if (error == "FailedOperation.InsufficientBalanceInSmsPackage") throw new RequestFailedException(402, $"tencent: {error} {answer.Message}", error, null);
            if (error.StartsWith("InternalError", StringComparison.Ordinal)) throw new RequestFailedException(500, $"tencent: {error} {answer.Message}", error, null);
            return recipients.Select(r => new SmsSendResult(r.To, false, 400, null, $"{error}: {answer.Message}", null)).ToList();
        }
        var byPhone = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (answer.Body.TryGetProperty("SendStatusSet", out var set))
            foreach (var s in set.EnumerateArray()) byPhone.TryAdd("+" + (s.GetProperty("PhoneNumber").GetString() ?? "").TrimStart('+'), s);
        var results = recipients.Select(r =>
        {
            if (!byPhone.TryGetValue(r.To, out var s)) return new SmsSendResult(r.To, false, 503, null, "Tencent did not answer for this number.", null);
            var c = s.GetProperty("Code").GetString() ?? "";
            var serial = s.TryGetProperty("SerialNo", out var n) ? n.GetString() : null;
            return string.Equals(c, "Ok", StringComparison.OrdinalIgnoreCase) ? new SmsSendResult(r.To, true, 200, serial, null, "accepted")
                : new SmsSendResult(r.To, false, StatusOf(c), null, $"{c}: {(s.TryGetProperty("Message", out var m) ? m.GetString() : "")}", null);
        }).ToList();
        await serials.SaveAsync(results.Where(r => r.Successful && r.MessageId is { Length: > 0 }).Select(r => r.MessageId!).ToList(), tag, ct);
        return results;
    }

    /// <summary>Per-number codes (TencentCloud/tencentcloud-sdk-python sms/v20210111/errorcodes.py): limits and balance wait, the rest is final.</summary>
    private static int StatusOf(string code) =>
        code.StartsWith("LimitExceeded.PhoneNumber", StringComparison.Ordinal) && code != "LimitExceeded.PhoneNumberCountLimit" || code == "LimitExceeded.DeliveryFrequencyLimit" ? 429
        : code is "FailedOperation.InsufficientBalanceInSmsPackage" or "FailedOperation.MarketingSendTimeConstraint" || code.StartsWith("InternalError", StringComparison.Ordinal) ? 503
        : 400;

    private static bool IsThrottle(ProviderAnswer a) => a.Status == 429 || a.Code is { } c && (c.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) || c == "AuthFailure.SignatureExpire");

    /// <summary>
    /// Sends whose status Tencent knows (PullSmsSendStatusByPhoneNumber: BeginTime, EndTime, Offset 0, Limit ≤100, PhoneNumber,
    /// SmsSdkAppId). Its records carry SessionContext, but empty until Tencent's SMS support enables it for the account
    /// (TencentCloud/tencentcloud-sdk-dotnet TencentCloud/Sms/V20210111/Models/PullSmsSendStatus.cs): without it nothing matches and a resend goes.
    /// </summary>
    protected override async Task<IReadOnlyList<(string Tag, string? ProviderId)>> SentSinceAsync(string to, DateTimeOffset since, CancellationToken ct)
    {
        var answer = await CallAsync(() => Create("PullSmsSendStatusByPhoneNumber", new JsonObject
        {
            ["BeginTime"] = since.ToUnixTimeSeconds(), ["EndTime"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60, ["Offset"] = 0, ["Limit"] = 100,
            ["PhoneNumber"] = to, ["SmsSdkAppId"] = tencent.SdkAppId,
        }), IsThrottle, ct);
        if (answer.Code is { } error) throw new RequestFailedException(503, $"tencent PullSmsSendStatusByPhoneNumber: {error} {answer.Message}", error, null);
        var found = new List<(string, string?)>();
        if (answer.Body.TryGetProperty("PullSmsSendStatusSet", out var set))
            foreach (var s in set.EnumerateArray())
                if (s.TryGetProperty("SessionContext", out var ctx) && ctx.GetString() is { Length: > 0 } tag)
                    found.Add((tag, s.TryGetProperty("SerialNo", out var n) ? n.GetString() : null));
        return found;
    }

    private HttpMessage Create(string action, JsonObject body)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(tencent.Endpoint);
        message.Request.Headers.SetValue("Content-Type", "application/json; charset=utf-8");
        message.Request.Headers.SetValue("X-TC-Action", action);
        message.Request.Headers.SetValue("X-TC-Version", Version);
        message.Request.Headers.SetValue("X-TC-Region", tencent.Region);
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        return message;
    }

    /// <summary>{"Response":{…}}; a failed request has Response.Error {Code, Message} (https://cloud.tencent.com/document/api/382/52075).</summary>
    protected override ProviderAnswer Read(Response response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            var inner = doc.RootElement.GetProperty("Response").Clone();
            return inner.TryGetProperty("Error", out var e)
                ? new ProviderAnswer(response.Status, e.GetProperty("Code").GetString(), e.TryGetProperty("Message", out var m) ? m.GetString() : null, inner)
                : new ProviderAnswer(response.Status, null, null, inner);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return new ProviderAnswer(response.Status, "Unreadable", response.ReasonPhrase, default); }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
