using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Messages;
using Afterglow.App.Sms.China;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.Aliyun;

/// <summary>Alibaba Cloud SMS keys and endpoint (Aliyun__*); the secret comes from configuration (a Key Vault reference in Azure).</summary>
public sealed record AliyunOptions(string AccessKeyId, string AccessKeySecret, Uri Endpoint)
{
    public static AliyunOptions Read(IConfiguration config) => new(
        Required(config, "Aliyun:AccessKeyId"), Required(config, "Aliyun:AccessKeySecret"),
        new Uri(config["Aliyun:Endpoint"] is { Length: > 0 } e ? e : "https://dysmsapi.aliyuncs.com/"));

    private static string Required(IConfiguration config, string key) => config[key] is { Length: > 0 } v ? v
        : throw new InvalidOperationException($"Sms__Gateway is aliyun but {key.Replace(":", "__", StringComparison.Ordinal)} is not set.");

    /// <summary>Never prints the secret (a record would).</summary>
    public override string ToString() => $"AliyunOptions {{ AccessKeyId = {AccessKeyId}, Endpoint = {Endpoint} }}";
}

/// <summary>
/// dysmsapi 2017-05-25 over REST, RPC style with the V3 signature (china-sms-notes §1; aliyun/alibabacloud-sdk
/// dysmsapi-20170525/main.tea): SendSms for one number, SendBatchSms (≤100, per-number signature and variables) for
/// more, QuerySendDetails to recognise an earlier attempt. OutId carries the dispatcher's batch tag, which the
/// delivery report (SmsReport out_id) brings back.
/// </summary>
public sealed class AliyunSmsClient(AliyunOptions aliyun, SmsOptions sms, MainlandClientOptions options, SmsTemplates templates, MainlandTemplates mainland, OutboxStore store)
    : MainlandClient(Build(options, new Acs3SigningPolicy(aliyun.AccessKeyId, aliyun.AccessKeySecret)), options, templates, mainland, store)
{
    public const string Version = "2017-05-25";
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>Codes that mean "refused, nothing done: ask again shortly" (https://help.aliyun.com/en/document_detail/434846.html).</summary>
    private static readonly HashSet<string> Throttle = new(StringComparer.Ordinal) { "Throttling", "Throttling.User", "Throttling.Api", "SignatureNonceUsed", "InvalidTimeStamp.Expired" };
    /// <summary>Per number: the provider's or carriers' limits for that one phone — worth another try later.</summary>
    private static readonly HashSet<string> NumberLater = new(StringComparer.Ordinal) { "isv.BUSINESS_LIMIT_CONTROL" };
    /// <summary>The account cannot send now (balance, suspension): the whole request waits in the outbox.</summary>
    private static readonly HashSet<string> AccountLater = new(StringComparer.Ordinal) { "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE" };

    protected override string Provider => SmsGateways.Aliyun;

    protected override async Task<IReadOnlyList<SmsSendResult>> SendFreshAsync(IReadOnlyList<SmsRecipient> recipients, string code, IReadOnlyList<(string Name, string Value)> variables, string tag, CancellationToken ct)
    {
        var param = new JsonObject(variables.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)JsonValue.Create(v.Value)))).ToJsonString();
        ProviderAnswer answer;
        if (recipients.Count == 1)
            answer = await CallAsync(() => Create("SendSms", new()
            {
                ["PhoneNumbers"] = Domestic(recipients[0].To), ["SignName"] = sms.SignName, ["TemplateCode"] = code, ["TemplateParam"] = param, ["OutId"] = tag,
            }, null), IsThrottle, ct);
        else
            answer = await CallAsync(() => Create("SendBatchSms", new() { ["TemplateCode"] = code, ["OutId"] = tag }, new()
            {
                ["PhoneNumberJson"] = Json(recipients.Select(r => Domestic(r.To))),
                ["SignNameJson"] = Json(recipients.Select(_ => sms.SignName)),
                ["TemplateParamJson"] = "[" + string.Join(',', recipients.Select(_ => param)) + "]",
            }), IsThrottle, ct);
        if (answer.Code == "OK")
        {
            var bizId = answer.Body.TryGetProperty("BizId", out var b) ? b.GetString() : null;
            return recipients.Select(r => new SmsSendResult(r.To, true, 200, bizId, null, "accepted")).ToList();
        }
        if (answer.Code is { } c && AccountLater.Contains(c)) throw new RequestFailedException(402, $"aliyun: {c} {answer.Message}", c, null);
        if (answer.Code is null || !answer.Code.StartsWith("isv.", StringComparison.Ordinal))
            throw new RequestFailedException(answer.Status is >= 400 ? answer.Status : 400, $"aliyun: {answer.Code} {answer.Message}", answer.Code, null);
        // A number's own trouble refuses the whole batch: ask one by one, so each number gets its own answer.
        if (recipients.Count > 1)
        {
            var each = new List<SmsSendResult>();
            foreach (var r in recipients) each.AddRange(await SendFreshAsync([r], code, variables, tag, ct));
            return each;
        }
        var status = NumberLater.Contains(answer.Code) ? 429 : 400;
        return [new SmsSendResult(recipients[0].To, false, status, null, $"{answer.Code}: {answer.Message}", null)];
    }

    private static bool IsThrottle(ProviderAnswer a) => a.Status == 429 || a.Code is { } c && Throttle.Contains(c);

    /// <summary>QuerySendDetails records (SmsSendDetailDTOs.SmsSendDetailDTO[]: PhoneNum, OutId, SendStatus, SendDate, Content;
    /// aliyun/alibabacloud-csharp-sdk dysmsapi-20170525/core/Models/QuerySendDetailsResponseBody.cs) list a send at once, OutId included.</summary>
    protected override async Task<IReadOnlyList<(string Tag, string? ProviderId)>> SentSinceAsync(string to, DateTimeOffset since, CancellationToken ct)
    {
        var found = new List<(string, string?)>();
        // SendDate is a day in China time: the first attempt's day and today (a message expires within hours, so these are all).
        var first = DateOnly.FromDateTime((since + ChinaTime).UtcDateTime);
        var today = DateOnly.FromDateTime((DateTimeOffset.UtcNow + ChinaTime).UtcDateTime);
        foreach (var day in new[] { first, today }.Distinct())
        {
            var answer = await CallAsync(() => Create("QuerySendDetails", new()
            {
                ["PhoneNumber"] = Domestic(to), ["SendDate"] = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), ["PageSize"] = "50", ["CurrentPage"] = "1",
            }, null), IsThrottle, ct);
            if (answer.Code != "OK") throw new RequestFailedException(answer.Status is >= 400 ? answer.Status : 503, $"aliyun QuerySendDetails: {answer.Code} {answer.Message}", answer.Code, null);
            if (answer.Body.TryGetProperty("SmsSendDetailDTOs", out var dtos) && dtos.TryGetProperty("SmsSendDetailDTO", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var d in list.EnumerateArray())
                    if (d.TryGetProperty("OutId", out var outId) && outId.GetString() is { Length: > 0 } tag) found.Add((tag, null));
        }
        return found;
    }

    private HttpMessage Create(string action, Dictionary<string, string> query, Dictionary<string, string>? form)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(aliyun.Endpoint, "/?" + Acs3Signature.CanonicalQuery(query)));
        message.Request.Headers.SetValue("x-acs-action", action);
        message.Request.Headers.SetValue("x-acs-version", Version);
        message.Request.Headers.SetValue("Accept", "application/json");
        if (form is not null)
        {
            message.Request.Headers.SetValue("Content-Type", "application/x-www-form-urlencoded");
            message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(Acs3Signature.CanonicalQuery(form)));
        }
        return message;
    }

    protected override ProviderAnswer Read(Response response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            var root = doc.RootElement.Clone();
            return new ProviderAnswer(response.Status, root.TryGetProperty("Code", out var c) ? c.GetString() : null, root.TryGetProperty("Message", out var m) ? m.GetString() : null, root);
        }
        catch (JsonException) { return new ProviderAnswer(response.Status, null, response.ReasonPhrase, default); }
    }

    private static string Json(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()).ToJsonString();
}
