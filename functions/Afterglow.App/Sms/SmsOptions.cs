using System.Globalization;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Afterglow.Domain.Messaging;

namespace Afterglow.App.Sms;

/// <summary>The SMS channel's settings (Sms:*), read once at start-up.</summary>
public sealed record SmsOptions
{
    /// <summary>"devphone" (standalone) or "acs" (Azure).</summary>
    public string Gateway { get; init; } = "devphone";
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
    /// <summary>Requests to the gateway in flight at once.</summary>
    public int Parallelism { get; init; } = 4;

    public static SmsOptions Read(IConfiguration config)
    {
        var o = new SmsOptions();
        var quiet = config[AppSettingsKey(AppSettings.SmsQuietHours)]?.Split('-');
        return o with
        {
            Gateway = config[AppSettingsKey(AppSettings.SmsGateway)] ?? o.Gateway,
            From = config[AppSettingsKey(AppSettings.SmsFrom)] ?? o.From,
            RatePerMinute = config.GetValue(AppSettingsKey(AppSettings.SmsRatePerMinute), o.RatePerMinute),
            Expiry = TimeSpan.FromMinutes(config.GetValue(AppSettingsKey(AppSettings.SmsExpiryMinutes), o.Expiry.TotalMinutes)),
            CostPerSegment = config.GetValue(AppSettingsKey(AppSettings.SmsCostPerSegment), o.CostPerSegment),
            Currency = config[AppSettingsKey(AppSettings.SmsCurrency)] ?? o.Currency,
            QuietHours = quiet is [var start, var end] ? new QuietHours(TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture)) : o.QuietHours,
        };
    }

    private static string AppSettingsKey(string setting) => StorageAccount.Key(setting);
}
