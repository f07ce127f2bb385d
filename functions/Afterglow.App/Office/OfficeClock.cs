using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Office;

/// <summary>
/// The office's time: storage is UTC, but "today", check-in times and quiet hours are in the office's one
/// time zone (DESIGN D5). Every clock read goes through the injected TimeProvider.
/// </summary>
public sealed class OfficeClock(TimeProvider time, IConfiguration config)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(config[StorageAccount.Key(AppSettings.OfficeTimeZone)] ?? "Asia/Shanghai");

    public DateTimeOffset UtcNow => time.GetUtcNow();
    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);
    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>The UTC instant of a local date and time in the office.</summary>
    public DateTimeOffset ToUtc(DateOnly date, TimeOnly at)
    {
        var local = date.ToDateTime(at, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
