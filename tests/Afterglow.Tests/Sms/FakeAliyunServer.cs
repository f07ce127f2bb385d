using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Sms;

/// <summary>
/// A local stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25, RPC style): checks the ACS3-HMAC-SHA256 signature as
/// the service does — its own canonicalisation, written from the documentation, not the client's code — refuses a
/// reused nonce or a stale date, answers SendSms, SendBatchSms and QuerySendDetails in the documented shapes, and
/// checks each send against the templates it knows (code, signature, variable names and the 35-character rule).
/// It can throttle (Throttling.User), fail (503), run out of balance, or refuse numbers. It never deduplicates:
/// a second send of the same message reaches the phone twice, as at the real service.
/// </summary>
public sealed class FakeAliyunServer : IAsyncDisposable
{
    public sealed record Sent(string Phone, string TemplateCode, JsonObject Params, string OutId, string BizId, string SignName, DateTimeOffset At);

    public const string KeyId = "LTAI-test-key";
    public readonly string Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _nonces = new();
    private readonly ConcurrentQueue<Sent> _sent = new();
    private readonly ConcurrentQueue<(int Status, string Code)> _next = new();
    private int _requests, _refused;

    public string Endpoint { get; private set; } = "";
    /// <summary>Registered templates: code → variable names.</summary>
    public ConcurrentDictionary<string, string[]> Templates { get; } = new();
    public string SignName { get; set; } = "";
    public ConcurrentDictionary<string, bool> Invalid { get; } = new();
    public ConcurrentQueue<string> Actions { get; } = new();
    public int Requests => _requests;
    public int Refused => _refused;
    public IReadOnlyList<Sent> Phone => _sent.ToList();

    private FakeAliyunServer(WebApplication app) => _app = app;

    public static async Task<FakeAliyunServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAliyunServer(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    public void ThrottleNext() => _next.Enqueue((400, "Throttling.User"));
    public void FailNext() => _next.Enqueue((503, "ServiceUnavailable"));
    public void NoBalanceNext() => _next.Enqueue((200, "isv.AMOUNT_NOT_ENOUGH"));

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (Verify(http.Request, body) is { } why)
        {
            Interlocked.Increment(ref _refused);
            await Answer(http, 400, new JsonObject { ["Code"] = "IncompleteSignature", ["Message"] = why });
            return;
        }
        var action = http.Request.Headers["x-acs-action"].ToString();
        Actions.Enqueue(action);
        if (action != "QuerySendDetails" && _next.TryDequeue(out var scripted))
        {
            Interlocked.Increment(ref _refused);
            await Answer(http, scripted.Status, new JsonObject { ["Code"] = scripted.Code, ["Message"] = scripted.Code, ["RequestId"] = Guid.NewGuid().ToString() });
            return;
        }
        var q = http.Request.Query;
        var form = action == "SendBatchSms" ? System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body)) : null;
        switch (action)
        {
            case "SendSms":
                await SendAsync(http, q["TemplateCode"]!, q["OutId"]!, q["PhoneNumbers"].ToString().Split(','), _ => q["SignName"]!, _ => q["TemplateParam"]!);
                return;
            case "SendBatchSms":
                var phones = JsonNode.Parse(form!["PhoneNumberJson"]!)!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
                var signs = JsonNode.Parse(form["SignNameJson"]!)!.AsArray();
                var paramsJson = JsonNode.Parse(form["TemplateParamJson"]!)!.AsArray();
                if (phones.Length is 0 or > 100 || signs.Count != phones.Length || paramsJson.Count != phones.Length)
                {
                    await Answer(http, 200, new JsonObject { ["Code"] = "isv.INVALID_PARAMETERS", ["Message"] = "PhoneNumberJson, SignNameJson and TemplateParamJson must match, 1–100." });
                    return;
                }
                await SendAsync(http, q["TemplateCode"]!, q["OutId"]!, phones, i => signs[i]!.GetValue<string>(), i => paramsJson[i]!.ToJsonString());
                return;
            case "QuerySendDetails":
                var phone = q["PhoneNumber"].ToString();
                var day = q["SendDate"].ToString();
                var list = new JsonArray(_sent.Where(s => s.Phone == phone && (s.At + TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture) == day)
                    .Select(s => (JsonNode)new JsonObject { ["PhoneNum"] = s.Phone, ["OutId"] = s.OutId, ["SendStatus"] = 3, ["TemplateCode"] = s.TemplateCode, ["ErrCode"] = "DELIVERED",
                        ["SendDate"] = (s.At + TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), ["Content"] = $"【{s.SignName}】…" }).ToArray());
                await Answer(http, 200, new JsonObject { ["Code"] = "OK", ["Message"] = "OK", ["TotalCount"] = list.Count.ToString(CultureInfo.InvariantCulture), ["SmsSendDetailDTOs"] = new JsonObject { ["SmsSendDetailDTO"] = list } });
                return;
            default:
                await Answer(http, 404, new JsonObject { ["Code"] = "InvalidAction.NotFound", ["Message"] = action });
                return;
        }
    }

    private async Task SendAsync(HttpContext http, string code, string outId, string[] phones, Func<int, string> sign, Func<int, string> param)
    {
        string? refuse = null;
        if (!Templates.TryGetValue(code, out var names)) refuse = "isv.SMS_TEMPLATE_ILLEGAL";
        var parsed = phones.Select((_, i) => JsonNode.Parse(param(i))!.AsObject()).ToList();
        for (var i = 0; i < phones.Length && refuse is null; i++)
        {
            if (sign(i) != SignName) refuse = "isv.SMS_SIGNATURE_ILLEGAL";
            else if (names!.Any(n => !parsed[i].ContainsKey(n))) refuse = "isv.TEMPLATE_MISSING_PARAMETERS";
            else if (parsed[i].Any(kv => kv.Value!.GetValue<string>().Length is 0 or > 35)) refuse = "isv.PARAM_LENGTH_LIMIT";
            else if (phones[i].Length != 11 || Invalid.ContainsKey(phones[i])) refuse = "isv.MOBILE_NUMBER_ILLEGAL";
        }
        if (outId.Length >= 256) refuse = "isv.INVALID_PARAMETERS";
        if (refuse is not null)
        {
            await Answer(http, 200, new JsonObject { ["Code"] = refuse, ["Message"] = refuse, ["RequestId"] = Guid.NewGuid().ToString() });
            return;
        }
        var bizId = $"{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}^0";
        for (var i = 0; i < phones.Length; i++) _sent.Enqueue(new Sent(phones[i], code, parsed[i], outId, bizId, sign(i), DateTimeOffset.UtcNow));
        await Answer(http, 200, new JsonObject { ["Code"] = "OK", ["Message"] = "OK", ["BizId"] = bizId, ["RequestId"] = Guid.NewGuid().ToString() });
    }

    private static async Task Answer(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Null when the request is signed as ACS3-HMAC-SHA256 demands; else why not.</summary>
    private string? Verify(HttpRequest request, byte[] body)
    {
        var auth = request.Headers.Authorization.ToString();
        const string prefix = "ACS3-HMAC-SHA256 ";
        if (!auth.StartsWith(prefix, StringComparison.Ordinal)) return "not ACS3-HMAC-SHA256";
        var parts = auth[prefix.Length..].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        if (parts.GetValueOrDefault("Credential") != KeyId) return "unknown AccessKeyId";
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (request.Headers["x-acs-content-sha256"] != hash) return "x-acs-content-sha256 is not the body's hash";
        if (!DateTimeOffset.TryParseExact(request.Headers["x-acs-date"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || (DateTimeOffset.UtcNow - at).Duration() > TimeSpan.FromMinutes(15)) return "InvalidTimeStamp.Expired";
        if (!_nonces.TryAdd(request.Headers["x-acs-signature-nonce"].ToString(), true)) return "SignatureNonceUsed";
        var signedNames = parts.GetValueOrDefault("SignedHeaders", "").Split(';');
        var mustSign = request.Headers.Keys.Where(k => k.StartsWith("x-acs-", StringComparison.OrdinalIgnoreCase)).Select(k => k.ToLowerInvariant()).Append("host");
        if (mustSign.Any(n => !signedNames.Contains(n))) return "a header that must be signed is not";
        // Written from the documentation: sorted, RFC 3986-encoded query; lower-case headers "name:value\n".
        var query = string.Join('&', request.Query.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value.ToString())));
        var headers = new StringBuilder();
        foreach (var name in signedNames) headers.Append(name).Append(':').Append((name == "host" ? request.Host.Value! : request.Headers[name].ToString()).Trim()).Append('\n');
        var canonical = $"{request.Method}\n/\n{query}\n{headers}\n{string.Join(';', signedNames)}\n{hash}";
        var toSign = "ACS3-HMAC-SHA256\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(toSign));
        try { return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts.GetValueOrDefault("Signature", "")), expected) ? null : "SignatureDoesNotMatch"; }
        catch (FormatException) { return "SignatureDoesNotMatch"; }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
