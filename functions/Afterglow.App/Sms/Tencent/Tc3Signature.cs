using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Afterglow.App.Sms.Aliyun;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.Tencent;

/// <summary>
/// Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256 (https://cloud.tencent.com/document/product/215/36792): a
/// canonical request over content-type and host, a string to sign scoped to the UTC date and service, and a key
/// derived from "TC3"+SecretKey through the date, the service and "tc3_request".
/// </summary>
public static class Tc3Signature
{
    public const string Algorithm = "TC3-HMAC-SHA256";

    public static string CanonicalRequest(string method, string contentType, string host, string payload, string signedHeaders = "content-type;host", string? action = null) =>
        $"{method.ToUpperInvariant()}\n/\n\n"
        + $"content-type:{contentType.ToLowerInvariant()}\nhost:{host.ToLowerInvariant()}\n" + (action is null ? "" : $"x-tc-action:{action.ToLowerInvariant()}\n")
        + $"\n{signedHeaders}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))}";

    public static string Date(long timestamp) => DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string StringToSign(long timestamp, string service, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{Date(timestamp)}/{service}/tc3_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretKey, long timestamp, string service, string stringToSign)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + secretKey), Encoding.UTF8.GetBytes(Date(timestamp)));
        var kService = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(service));
        var kSigning = HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes("tc3_request"));
        return Hex(HMACSHA256.HashData(kSigning, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Authorization(string secretId, long timestamp, string service, string signedHeaders, string signature) =>
        $"{Algorithm} Credential={secretId}/{Date(timestamp)}/{service}/tc3_request, SignedHeaders={signedHeaders}, Signature={signature}";

    private static string Hex(byte[] bytes) => Acs3Signature.Hex(bytes);
}

/// <summary>Signs each attempt with a fresh X-TC-Timestamp (the service refuses a clock 5 minutes off). The key is never logged.</summary>
public sealed class Tc3SigningPolicy(string secretId, string secretKey, string service) : BodySigningPolicy
{
    protected override void Sign(HttpMessage message, byte[] body)
    {
        var request = message.Request;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        request.Headers.TryGetValue("Content-Type", out var contentType);
        var canonical = Tc3Signature.CanonicalRequest(request.Method.Method, contentType ?? "", request.Uri.ToUri().Authority, Encoding.UTF8.GetString(body));
        var signature = Tc3Signature.Signature(secretKey, timestamp, service, Tc3Signature.StringToSign(timestamp, service, canonical));
        request.Headers.SetValue("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.SetValue("Authorization", Tc3Signature.Authorization(secretId, timestamp, service, "content-type;host", signature));
    }
}
