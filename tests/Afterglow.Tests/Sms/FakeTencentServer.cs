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
/// A local stand-in for Tencent Cloud SMS 2021-01-11: checks TC3-HMAC-SHA256 as the service does (its own derivation
/// from the documentation: scope date, service, signed headers, payload hash; a timestamp more than 5 minutes off is
/// AuthFailure.SignatureExpire), answers SendSms with per-number results and PullSmsSendStatusByPhoneNumber, checks the
/// SDK app, signature, template and its variable count and 12-character rule. It can throttle (RequestLimitExceeded),
/// fail (InternalError), or refuse numbers; it never deduplicates.
/// </summary>
public sealed class FakeTencentServer : IAsyncDisposable
{
    public sealed record Sent(string Phone, string TemplateId, string[] Params, string SessionContext, string SerialNo, DateTimeOffset At);

    public const string SecretId = "AKID-test";
    public const string SdkAppId = "1400006666";
    public readonly string SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Sent> _sent = new();
    private readonly ConcurrentQueue<string> _next = new();
    private int _requests, _refused;

    public string Endpoint { get; private set; } = "";
    /// <summary>Approved templates: id → number of variables.</summary>
    public ConcurrentDictionary<string, int> Templates { get; } = new();
    public string SignName { get; set; } = "";
    public ConcurrentDictionary<string, bool> Invalid { get; } = new();
    public ConcurrentDictionary<string, bool> DailyLimit { get; } = new();
    public int Requests => _requests;
    public int Refused => _refused;
    public IReadOnlyList<Sent> Phone => _sent.ToList();

    private FakeTencentServer(WebApplication app) => _app = app;

    public static async Task<FakeTencentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTencentServer(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    public void ThrottleNext() => _next.Enqueue("RequestLimitExceeded");
    public void FailNext() => _next.Enqueue("InternalError.SendAndRecvFail");

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (Verify(http.Request, body) is { } why)
        {
            Interlocked.Increment(ref _refused);
            await Error(http, why, "The signature is wrong.");
            return;
        }
        var action = http.Request.Headers["X-TC-Action"].ToString();
        if (http.Request.Headers["X-TC-Version"] != "2021-01-11" || string.IsNullOrEmpty(http.Request.Headers["X-TC-Region"])) { await Error(http, "MissingParameter", "X-TC-Version / X-TC-Region"); return; }
        var json = JsonNode.Parse(body)!.AsObject();
        if (action == "SendSms" && _next.TryDequeue(out var scripted)) { Interlocked.Increment(ref _refused); await Error(http, scripted, scripted); return; }
        if (json["SmsSdkAppId"]?.GetValue<string>() != SdkAppId) { await Error(http, "InvalidParameterValue.SdkAppIdNotExist", "SmsSdkAppId"); return; }
        if (action == "PullSmsSendStatusByPhoneNumber")
        {
            var phone = json["PhoneNumber"]!.GetValue<string>();
            var since = DateTimeOffset.FromUnixTimeSeconds(json["BeginTime"]!.GetValue<long>());
            var set = new JsonArray(_sent.Where(s => s.Phone == phone && s.At >= since).Select(s => (JsonNode)new JsonObject
            {
                ["UserReceiveTime"] = s.At.ToUnixTimeSeconds(), ["CountryCode"] = "86", ["SubscriberNumber"] = phone[3..], ["PhoneNumber"] = phone,
                ["SerialNo"] = s.SerialNo, ["ReportStatus"] = "SUCCESS", ["Description"] = "DELIVRD", ["SessionContext"] = s.SessionContext,
            }).ToArray());
            await Ok(http, new JsonObject { ["PullSmsSendStatusSet"] = set });
            return;
        }
        if (action != "SendSms") { await Error(http, "InvalidAction", action); return; }
        var phones = json["PhoneNumberSet"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        var values = json["TemplateParamSet"]?.AsArray().Select(p => p!.GetValue<string>()).ToArray() ?? [];
        var template = json["TemplateId"]!.GetValue<string>();
        var context = json["SessionContext"]?.GetValue<string>() ?? "";
        if (phones.Count is 0 or > 200) { await Error(http, "LimitExceeded.PhoneNumberCountLimit", "1–200"); return; }
        if (json["SignName"]?.GetValue<string>() != SignName) { await Error(http, "FailedOperation.SignatureIncorrectOrUnapproved", "SignName"); return; }
        if (!Templates.TryGetValue(template, out var count)) { await Error(http, "FailedOperation.TemplateIncorrectOrUnapproved", template); return; }
        if (values.Length != count) { await Error(http, "InvalidParameterValue.TemplateParameterFormatError", "TemplateParamSet"); return; }
        if (values.Any(v => v.Length > 12)) { await Error(http, "InvalidParameterValue.TemplateParameterLengthLimit", "TemplateParamSet"); return; }
        if (Encoding.UTF8.GetByteCount(context) >= 512) { await Error(http, "InvalidParameterValue.InvalidSessionContext", "SessionContext"); return; }
        var results = new JsonArray();
        foreach (var phone in phones)
        {
            var code = Invalid.ContainsKey(phone) ? "InvalidParameterValue.IncorrectPhoneNumber" : DailyLimit.ContainsKey(phone) ? "LimitExceeded.PhoneNumberDailyLimit" : "Ok";
            var serial = code == "Ok" ? $"2433:{Guid.NewGuid():N}" : "";
            if (code == "Ok") _sent.Enqueue(new Sent(phone, template, values, context, serial, DateTimeOffset.UtcNow));
            results.Add(new JsonObject { ["SerialNo"] = serial, ["PhoneNumber"] = phone, ["Fee"] = code == "Ok" ? 1 : 0, ["SessionContext"] = context, ["Code"] = code, ["Message"] = code == "Ok" ? "send success" : code, ["IsoCode"] = "CN" });
        }
        await Ok(http, new JsonObject { ["SendStatusSet"] = results });
    }

    private static async Task Ok(HttpContext http, JsonObject response)
    {
        response["RequestId"] = Guid.NewGuid().ToString();
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["Response"] = response }.ToJsonString());
    }

    private static async Task Error(HttpContext http, string code, string message)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["Response"] = new JsonObject { ["Error"] = new JsonObject { ["Code"] = code, ["Message"] = message }, ["RequestId"] = Guid.NewGuid().ToString() } }.ToJsonString());
    }

    /// <summary>Null when TC3-HMAC-SHA256 checks out; else the error code the service would give.</summary>
    private string? Verify(HttpRequest request, byte[] body)
    {
        var auth = request.Headers.Authorization.ToString();
        const string prefix = "TC3-HMAC-SHA256 ";
        if (!auth.StartsWith(prefix, StringComparison.Ordinal)) return "AuthFailure.InvalidAuthorization";
        var parts = auth[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var scope = parts.GetValueOrDefault("Credential", "").Split('/');
        if (scope is not [SecretId, var date, "sms", "tc3_request"]) return "AuthFailure.SecretIdNotFound";
        if (!long.TryParse(request.Headers["X-TC-Timestamp"], CultureInfo.InvariantCulture, out var ts) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) > 300) return "AuthFailure.SignatureExpire";
        if (DateTimeOffset.FromUnixTimeSeconds(ts).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) != date) return "AuthFailure.SignatureFailure";
        var signed = parts.GetValueOrDefault("SignedHeaders", "").Split(';');
        if (!signed.Contains("content-type") || !signed.Contains("host")) return "AuthFailure.SignatureFailure";
        var headers = string.Concat(signed.Select(n => $"{n}:{(n == "host" ? request.Host.Value! : request.Headers[n].ToString()).Trim().ToLowerInvariant()}\n"));
        var canonical = $"POST\n/\n\n{headers}\n{string.Join(';', signed)}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var toSign = $"TC3-HMAC-SHA256\n{ts}\n{date}/sms/tc3_request\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] Mac(byte[] key, string s) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(s));
        var expected = Mac(Mac(Mac(Mac(Encoding.UTF8.GetBytes("TC3" + SecretKey), date), "sms"), "tc3_request"), toSign);
        try { return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts.GetValueOrDefault("Signature", "")), expected) ? null : "AuthFailure.SignatureFailure"; }
        catch (FormatException) { return "AuthFailure.SignatureFailure"; }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
