using System.Globalization;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Afterglow.Domain.Messaging;

namespace Afterglow.App.Sms;

/// <summary>The gateways the app can send through (Sms__Gateway).</summary>
public static class SmsGateways
{
    public const string Acs = "acs";
    public const string Aliyun = "aliyun";
    public const string Tencent = "tencent";
    public const string DevPhone = "devphone";
    public static readonly IReadOnlyList<string> All = [Acs, Aliyun, Tencent, DevPhone];
    /// <summary>Mainland providers: registered signature and templates, and their variable rules.</summary>
    public static readonly IReadOnlyList<string> Mainland = [Aliyun, Tencent];
}

/// <summary>The SMS channel's settings (Sms:*), read and checked once at start-up.</summary>
public sealed record SmsOptions
{
    /// <summary>"acs", "aliyun", "tencent", or "devphone" (Development only).</summary>
    public string Gateway { get; init; } = SmsGateways.DevPhone;
    /// <summary>Whose template rules apply: the mainland gateway's, or in Development the one named by Sms__Rules; null for ACS.</summary>
    public string? Rules { get; init; }
    /// <summary>The registered signature (签名) the provider puts in front as 【…】 (2–12 characters).</summary>
    public string SignName { get; init; } = "";
    /// <summary>Longest value of one template variable: Aliyun 35; Tencent 12 for individual accounts (enterprise accounts may raise it).</summary>
    public int? MaxVariableLength { get; init; }
    /// <summary>The secret in the mainland providers' callback URLs (they sign nothing).</summary>
    public string CallbackSecret { get; init; } = "";
    /// <summary>Our number (E.164) or short code; the operator supplies it in Azure.</summary>
    public string From { get; init; } = "+10000000000";
    /// <summary>Per sender number: toll-free numbers allow 200 a minute (azure-notes B.8).</summary>
    public int RatePerMinute { get; init; } = 200;
    /// <summary>A message not sent by then is given up (expired, shown to coordinators).</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromHours(12);
    /// <summary>How long a dispatcher owns a claimed message before another may assume it crashed.</summary>
    public TimeSpan Claim { get; init; } = TimeSpan.FromMinutes(2);
    public decimal CostPerSegment { get; init; } = 0.05m;
    public string Currency { get; init; } = "CNY";
    public QuietHours QuietHours { get; init; } = QuietHours.Default;
    /// <summary>The wait after a mainland provider says "too fast" before the next request.</summary>
    public TimeSpan ThrottleDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Requests to the gateway in flight at once.</summary>
    public int Parallelism { get; init; } = 4;

    public bool IsMainland => Rules is not null;

    /// <summary>Never prints the callback secret (a record would).</summary>
    public override string ToString() => $"SmsOptions {{ Gateway = {Gateway}, Rules = {Rules}, SignName = {SignName}, From = {From} }}";

    /// <summary>Reads and checks; a wrong gateway stops the app here rather than recording unsent check-ins as delivered.</summary>
    public static SmsOptions Read(IConfiguration config, bool development)
    {
        var o = new SmsOptions();
        var quiet = config[Key(AppSettings.SmsQuietHours)]?.Split('-');
        var gateway = config[Key(AppSettings.SmsGateway)]?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(gateway))
            gateway = development ? SmsGateways.DevPhone
                : throw new InvalidOperationException($"{AppSettings.SmsGateway} is not set. Set it to one of: {string.Join(", ", SmsGateways.All.Where(g => g != SmsGateways.DevPhone))}.");
        if (!SmsGateways.All.Contains(gateway))
            throw new InvalidOperationException($"{AppSettings.SmsGateway} is \"{config[Key(AppSettings.SmsGateway)]}\", which is not a gateway. Use one of: {string.Join(", ", SmsGateways.All)}.");
        if (gateway == SmsGateways.DevPhone && !development)
            throw new InvalidOperationException($"{AppSettings.SmsGateway} is \"devphone\", which only exists in Development: nothing would reach a phone.");
        // Whose rules apply: the mainland gateway's own; the dev phone may borrow one's (Sms__Rules); ACS has none.
        var rules = SmsGateways.Mainland.Contains(gateway) ? gateway
            : gateway == SmsGateways.DevPhone && config[Key(AppSettings.SmsRules)]?.Trim().ToLowerInvariant() is { Length: > 0 } r ? r : null;
        if (rules is not null && !SmsGateways.Mainland.Contains(rules))
            throw new InvalidOperationException($"{AppSettings.SmsRules} is \"{rules}\"; use aliyun or tencent (or leave it empty).");
        var sign = config[Key(AppSettings.SmsSignName)]?.Trim() ?? "";
        if (rules is not null && (sign.Length is < 2 or > 12 || sign.Contains('【') || sign.Contains('】')))
            throw new InvalidOperationException($"{AppSettings.SmsSignName} must be the registered signature, 2–12 characters without 【】 (it is \"{sign}\").");
        var secret = config[Key(AppSettings.SmsCallbackSecret)] ?? "";
        if (SmsGateways.Mainland.Contains(gateway) && secret.Length < 24)
            throw new InvalidOperationException($"{AppSettings.SmsCallbackSecret} must be at least 24 characters: it is the only thing that authenticates the provider's callbacks.");
        var read = o with
        {
            Gateway = gateway,
            Rules = rules,
            SignName = sign,
            MaxVariableLength = config.GetValue<int?>(Key(AppSettings.SmsMaxVariableLength)),
            CallbackSecret = secret,
            From = config[Key(AppSettings.SmsFrom)] ?? o.From,
            RatePerMinute = config.GetValue(Key(AppSettings.SmsRatePerMinute), o.RatePerMinute),
            Expiry = TimeSpan.FromMinutes(config.GetValue(Key(AppSettings.SmsExpiryMinutes), o.Expiry.TotalMinutes)),
            CostPerSegment = config.GetValue(Key(AppSettings.SmsCostPerSegment), o.CostPerSegment),
            Currency = config[Key(AppSettings.SmsCurrency)] ?? o.Currency,
            QuietHours = quiet is null ? o.QuietHours
                : quiet is [var start, var end] && TimeOnly.TryParse(start, CultureInfo.InvariantCulture, out var from) && TimeOnly.TryParse(end, CultureInfo.InvariantCulture, out var to)
                    ? new QuietHours(from, to)
                    : throw new InvalidOperationException($"{AppSettings.SmsQuietHours} must be two times like 21:00-08:00 (is \"{config[Key(AppSettings.SmsQuietHours)]}\")."),
            ThrottleDelay = TimeSpan.FromMilliseconds(config.GetValue(Key(AppSettings.SmsThrottleDelayMilliseconds), o.ThrottleDelay.TotalMilliseconds)),
        };
        if (read.RatePerMinute < 1) throw new InvalidOperationException($"{AppSettings.SmsRatePerMinute} must be at least 1 (is {read.RatePerMinute}).");
        if (read.Expiry <= TimeSpan.Zero) throw new InvalidOperationException($"{AppSettings.SmsExpiryMinutes} must be more than 0 minutes.");
        if (read.ThrottleDelay < TimeSpan.Zero) throw new InvalidOperationException($"{AppSettings.SmsThrottleDelayMilliseconds} must not be negative.");
        return read;
    }

    private static string Key(string setting) => StorageAccount.Key(setting);
}
