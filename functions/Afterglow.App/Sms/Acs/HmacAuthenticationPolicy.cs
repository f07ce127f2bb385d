using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.Acs;

/// <summary>
/// Signs each attempt with the resource's access key (azure-notes B.4): x-ms-date, the body's SHA-256, and
/// HMAC-SHA256 over "VERB\nPathAndQuery\ndate;host;hash". Runs per retry so a retried request is signed anew.
/// </summary>
public sealed class HmacAuthenticationPolicy(string accessKey) : BodySigningPolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accessKey);

    protected override void Sign(HttpMessage message, byte[] body)
    {
        var uri = message.Request.Uri.ToUri();
        // The service compares the date with its own clock: this is the wall clock, never the office's test clock.
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(body));
        var signature = Signature(_key, message.Request.Method.Method, uri.PathAndQuery, date, uri.Authority, hash);
        message.Request.Headers.SetValue("x-ms-date", date);
        message.Request.Headers.SetValue("x-ms-content-sha256", hash);
        message.Request.Headers.SetValue("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    public static string Signature(byte[] key, string method, string pathAndQuery, string date, string host, string contentHash) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}")));
}
