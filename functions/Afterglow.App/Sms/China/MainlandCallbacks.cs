using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Afterglow.App.Sms.China;

/// <summary>
/// Aliyun's HTTP push (SmsReport, SmsUp) and Tencent's callbacks (status, reply), into the same inbound path as ACS's
/// Event Grid events. Neither provider signs its pushes (china-sms-notes §1.2, §2.2), so the URL carries the office's
/// Sms__CallbackSecret, compared in constant time; a wrong one is a 404. A batch pushed twice changes state once
/// (reports finish a message once; replies are remembered by id). Each answer is the exact shape the provider wants,
/// or it pushes again: Aliyun {"code":0,"msg":"接收成功"}, Tencent {"result":0,"errmsg":"OK"}.
/// </summary>
public static class MainlandCallbacks
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    public static IEndpointRouteBuilder MapMainlandCallbacks(this IEndpointRouteBuilder routes)
    {
        // Called by the providers, who hold no session: the secret in the path is the authentication.
        var aliyun = routes.MapGroup("/api/sms/aliyun/{secret}").AllowAnonymous();
        // Aliyun's connectivity check when the URL is set in the console: a GET that must answer within 700 ms.
        aliyun.MapGet("/report", (string secret, SmsOptions o) => Known(o, secret) ? Results.Ok(AliyunCheck) : NotFound());
        aliyun.MapGet("/up", (string secret, SmsOptions o) => Known(o, secret) ? Results.Ok(AliyunCheck) : NotFound());
        aliyun.MapPost("/report", (string secret, HttpRequest http, SmsOptions o, SmsDeliveryReports reports, CancellationToken ct) =>
            HandleAsync(o, secret, http, AliyunOk, async (item, i) => await reports.HandleAsync(new DeliveryReport(
                Str(item, "biz_id", i), Phone(Str(item, "phone_number", i)), item.TryGetProperty("success", out var ok) && (ok.ValueKind == JsonValueKind.True || ok.ValueKind == JsonValueKind.String && ok.GetString() == "true"),
                $"{Opt(item, "err_code")} {Opt(item, "err_msg")}".Trim(), Opt(item, "out_id"), Time(Opt(item, "report_time"))), ct), ct));
        aliyun.MapPost("/up", (string secret, HttpRequest http, SmsOptions o, InboundOnce inbound, CancellationToken ct) =>
            HandleAsync(o, secret, http, AliyunOk, async (item, i) => await inbound.HandleAsync(new InboundSms(
                Phone(Str(item, "phone_number", i)), Str(item, "content", i), Time(Opt(item, "send_time")), "aliyun-up-" + Str(item, "sequence_id", i)), ct), ct));

        var tencent = routes.MapGroup("/api/sms/tencent/{secret}").AllowAnonymous();
        tencent.MapPost("/status", (string secret, HttpRequest http, SmsOptions o, SmsDeliveryReports reports, Tencent.SerialIndex serials, CancellationToken ct) =>
            HandleAsync(o, secret, http, TencentOk, async (item, i) =>
            {
                var sid = Str(item, "sid", i);
                // "ext" is our SessionContext where Tencent has enabled it; otherwise the serial number finds the batch.
                var tag = Opt(item, "ext") is { Length: > 0 } ext ? ext : await serials.TagOfAsync(sid, ct);
                await reports.HandleAsync(new DeliveryReport(sid, Phone("+" + Str(item, "nationcode", i) + Str(item, "mobile", i)), Str(item, "report_status", i) == "SUCCESS",
                    $"{Opt(item, "errmsg")} {Opt(item, "description")}".Trim(), tag, Time(Opt(item, "user_receive_time"))), ct);
            }, ct));
        tencent.MapPost("/reply", (string secret, HttpRequest http, SmsOptions o, InboundOnce inbound, CancellationToken ct) =>
            HandleAsync(o, secret, http, TencentOk, async (item, i) =>
            {
                var from = Phone("+" + Str(item, "nationcode", i) + Str(item, "mobile", i));
                var text = Str(item, "text", i);
                var at = item.TryGetProperty("time", out var t) && t.TryGetInt64(out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.UtcNow;
                // A reply carries no id: the number, the second and the text make one (a push repeated is the same reply).
                var id = "tencent-up-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{from}|{at.ToUnixTimeSeconds()}|{text}")))[..32];
                await inbound.HandleAsync(new InboundSms(from, text, at, id), ct);
            }, ct));
        return routes;
    }

    // The answers each provider expects, as named types: their JSON metadata is generated at compile time (ADR 0018).
    private static readonly AliyunAnswer AliyunCheck = new(0, "成功");
    private static readonly AliyunAnswer AliyunOk = new(0, "接收成功");
    private static readonly TencentAnswer TencentOk = new(0, "OK");

    private static IResult NotFound() => Results.Problem(statusCode: 404, title: "Not found.");

    public static bool Known(SmsOptions options, string secret) =>
        options.CallbackSecret.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(options.CallbackSecret));

    /// <summary>A JSON array of items (Tencent's reply is one object); each is handled, then the provider gets its "received".</summary>
    private static async Task<IResult> HandleAsync(SmsOptions options, string secret, HttpRequest http, object ok, Func<JsonElement, int, Task> handle, CancellationToken ct)
    {
        if (!Known(options, secret)) return NotFound();
        JsonElement root;
        try { root = (await JsonDocument.ParseAsync(http.Body, cancellationToken: ct)).RootElement; }
        catch (JsonException e) { return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Not JSON: {e.Message}"] }); }
        var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        try
        {
            var i = 0;
            foreach (var item in items)
            {
                if (item.ValueKind != JsonValueKind.Object) throw new FieldException($"[{i}]", "An object.");
                await handle(item, i++);
            }
        }
        catch (FieldException e) { return Results.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }); }
        return Results.Ok(ok);
    }

    private sealed class FieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    private static string Str(JsonElement item, string name, int index) =>
        item.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null) is { Length: > 0 } s
            ? s : throw new FieldException($"[{index}].{name}", "Required.");

    private static string? Opt(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null : null;

    /// <summary>"2017-01-01 00:00:00" in China time; now when absent or unreadable (the time is for the record, not for matching).</summary>
    private static DateTimeOffset Time(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? new DateTimeOffset(t, ChinaTime).ToUniversalTime() : DateTimeOffset.UtcNow;

    /// <summary>Bare 11-digit mainland numbers, 86…, 0086… and +… all become E.164.</summary>
    public static string Phone(string raw)
    {
        var t = Domain.Phones.PhoneNumberRules.ToHalfWidth(raw).Trim();
        if (t.StartsWith('+')) return t.StartsWith("+0086", StringComparison.Ordinal) ? "+86" + t[5..] : t;
        if (t.StartsWith("0086", StringComparison.Ordinal)) return "+86" + t[4..];
        if (t.Length == 11 && t[0] == '1') return "+86" + t;
        return "+" + t;
    }
}

internal sealed record AliyunAnswer(int Code, string Msg);

internal sealed record TencentAnswer(int Result, string Errmsg);
