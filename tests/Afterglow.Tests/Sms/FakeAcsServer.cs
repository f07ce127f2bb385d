using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
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
/// A local stand-in for Azure Communication Services SMS on a free port: checks the HMAC signature as the service
/// does (body hash, date within 15 minutes, host, signature), answers the documented shapes, and can be told to
/// throttle (429 + Retry-After), fail (503), refuse numbers one by one, or answer late. It remembers repeatability
/// ids, so a resend is answered "rejected" with the first message id and reaches the "phone" once.
/// </summary>
public sealed class FakeAcsServer : IAsyncDisposable
{
    public sealed record Sent(string To, string Message, string MessageId, string Tag, DateTimeOffset At);

    private readonly WebApplication _app;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, string> _byRepeatability = new();
    private readonly ConcurrentQueue<Sent> _sent = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _next = new();
    private int _requests;
    private int _refused;

    public string AccessKey => Convert.ToBase64String(_key);
    public string Endpoint { get; private set; } = "";
    public string ConnectionString => $"endpoint={Endpoint}/;accesskey={AccessKey}";
    /// <summary>Numbers answered per recipient with 400 "Invalid To phone number format.".</summary>
    public ConcurrentDictionary<string, bool> Invalid { get; } = new();
    /// <summary>Numbers answered per recipient with 503 "ServiceUnavailable" (once each).</summary>
    public ConcurrentDictionary<string, bool> UnavailableOnce { get; } = new();
    public int Requests => _requests;
    /// <summary>Requests refused with 401 (bad signature) or 429/503 on purpose.</summary>
    public int Refused => _refused;
    public IReadOnlyList<Sent> Phone => _sent.ToList();
    public ConcurrentQueue<(DateTimeOffset At, int Recipients)> Log { get; } = new();

    private FakeAcsServer(WebApplication app) => _app = app;

    public static async Task<FakeAcsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAcsServer(app);
        app.MapPost("/sms", fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>The next request gets 429 with this Retry-After.</summary>
    public void ThrottleNext(int retryAfterSeconds) => _next.Enqueue(async http =>
    {
        http.Response.StatusCode = 429;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(new { error = new { code = "TooManyRequests", message = "Rate limit exceeded." } });
        return true;
    });

    /// <summary>The next request gets 503.</summary>
    public void FailNext() => _next.Enqueue(async http =>
    {
        http.Response.StatusCode = 503;
        await http.Response.WriteAsJsonAsync(new { error = new { code = "ServiceUnavailable", message = "Try again later." } });
        return true;
    });

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (!Verify(http.Request, body))
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "Denied", message = "Denied by the resource provider." } });
            return;
        }
        if (_next.TryDequeue(out var scripted) && await scripted(http))
        {
            Interlocked.Increment(ref _refused);
            return;
        }
        var json = JsonNode.Parse(body)!;
        var recipients = json["smsRecipients"]!.AsArray();
        if (recipients.Count is 0 or > 100 || string.IsNullOrEmpty(json["from"]?.GetValue<string>()) || string.IsNullOrEmpty(json["message"]?.GetValue<string>()))
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { type = "validation", title = "One or more validation errors occurred.", status = 400, errors = new { smsRecipients = new[] { "1 to 100." } } });
            return;
        }
        Log.Enqueue((DateTimeOffset.UtcNow, recipients.Count));
        var tag = json["smsSendOptions"]?["tag"]?.GetValue<string>() ?? "";
        var results = new JsonArray();
        foreach (var r in recipients)
        {
            var to = r!["to"]!.GetValue<string>();
            var repeatability = r["repeatabilityRequestId"]?.GetValue<string>();
            var firstSent = r["repeatabilityFirstSent"]?.GetValue<string>();
            if (repeatability is not null && !DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                results.Add(Result(to, null, 400, false, "Invalid DateTime value for repeatability-first-sent", null));
            else if (Invalid.ContainsKey(to))
                results.Add(Result(to, null, 400, false, "Invalid To phone number format.", null));
            else if (UnavailableOnce.TryRemove(to, out _))
                results.Add(Result(to, null, 503, false, "ServiceUnavailable", null));
            else if (repeatability is not null && _byRepeatability.TryGetValue(repeatability, out var first))
                results.Add(Result(to, first, 202, true, null, "rejected"));
            else
            {
                var id = $"Outgoing_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}";
                if (repeatability is null || _byRepeatability.TryAdd(repeatability, id)) _sent.Enqueue(new Sent(to, json["message"]!.GetValue<string>(), id, tag, DateTimeOffset.UtcNow));
                results.Add(Result(to, repeatability is null ? id : _byRepeatability[repeatability], 202, true, null, "accepted"));
            }
        }
        http.Response.StatusCode = 202;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["value"] = results });
    }

    private static JsonObject Result(string to, string? messageId, int status, bool ok, string? error, string? repeatability) => new()
    {
        ["to"] = to, ["messageId"] = messageId, ["httpStatusCode"] = status, ["repeatabilityResult"] = repeatability, ["successful"] = ok, ["errorMessage"] = error,
    };

    /// <summary>As the service checks it: the body's hash, a fresh date, and the signature over verb, path, date, host and hash.</summary>
    private bool Verify(HttpRequest request, byte[] body)
    {
        var date = request.Headers["x-ms-date"].ToString();
        var hash = request.Headers["x-ms-content-sha256"].ToString();
        var auth = request.Headers.Authorization.ToString();
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (!auth.StartsWith(prefix, StringComparison.Ordinal)) return false;
        if (hash != Convert.ToBase64String(SHA256.HashData(body))) return false;
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || (DateTimeOffset.UtcNow - at).Duration() > TimeSpan.FromMinutes(15)) return false;
        // Written out here rather than calling the client's code, so a mistake there cannot agree with itself.
        var toSign = $"{request.Method}\n{request.Path}{request.QueryString}\n{date};{request.Host.Value};{hash}";
        var expected = HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(toSign));
        try { return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(auth[prefix.Length..]), expected); }
        catch (FormatException) { return false; }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
