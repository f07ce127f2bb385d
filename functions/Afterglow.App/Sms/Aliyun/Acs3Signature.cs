using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.Aliyun;

/// <summary>
/// Alibaba Cloud's V3 request signature, ACS3-HMAC-SHA256 (https://help.aliyun.com/document_detail/2593177.html;
/// percent-encoding as aliyun/darabonba-openapi csharp/core/Utils.cs): hex SHA-256 of a canonical request made of the
/// method, "/", the sorted query, the host/x-acs-*/content-type headers and the body's hash, then HMAC-SHA256 with the secret.
/// </summary>
public static class Acs3Signature
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>RFC 3986: A–Z a–z 0–9 - _ . ~ stay, every other UTF-8 byte is %XX (space is %20, * is %2A).</summary>
    public static string PercentEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => PercentEncode(kv.Key) + "=" + PercentEncode(kv.Value)));

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The canonical request; <paramref name="headers"/> are the ones to sign (host, x-acs-*, content-type).</summary>
    public static (string Canonical, string SignedHeaders) CanonicalRequest(string method, string canonicalQuery, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var signed = headers.Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Concat(signed.Select(h => $"{h.Name}:{h.Value}\n"));
        var signedHeaders = string.Join(';', signed.Select(h => h.Name));
        return ($"{method.ToUpperInvariant()}\n/\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}", signedHeaders);
    }

    public static string Signature(string secret, string canonicalRequest) =>
        Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{Algorithm}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}")));

    public static string Authorization(string accessKeyId, string signedHeaders, string signature) =>
        $"{Algorithm} Credential={accessKeyId},SignedHeaders={signedHeaders},Signature={signature}";
}

/// <summary>
/// Signs each attempt anew (fresh x-acs-date and nonce: the service refuses a reused nonce and a clock 15 minutes off).
/// The key never leaves this object and is never logged.
/// </summary>
public sealed class Acs3SigningPolicy(string accessKeyId, string accessKeySecret) : BodySigningPolicy
{
    protected override void Sign(HttpMessage message, byte[] body)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var hash = Acs3Signature.Hex(SHA256.HashData(body));
        // The service compares the date with its own clock: the wall clock, never the office's test clock.
        request.Headers.SetValue("x-acs-date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.SetValue("x-acs-signature-nonce", Guid.NewGuid().ToString("N"));
        request.Headers.SetValue("x-acs-content-sha256", hash);
        var headers = request.Headers.Where(h => h.Name.StartsWith("x-acs-", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Name, h.Value)).Append(KeyValuePair.Create("host", uri.Authority));
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var pairs = query.AllKeys.Where(k => k is not null).Select(k => KeyValuePair.Create(k!, query[k] ?? ""));
        var (canonical, signed) = Acs3Signature.CanonicalRequest(request.Method.Method, Acs3Signature.CanonicalQuery(pairs), headers, hash);
        request.Headers.SetValue("Authorization", Acs3Signature.Authorization(accessKeyId, signed, Acs3Signature.Signature(accessKeySecret, canonical)));
    }
}
