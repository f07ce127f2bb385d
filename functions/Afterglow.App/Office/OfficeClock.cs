namespace Afterglow.App.Office;

/// <summary>
/// The office's time: storage is UTC, but "today", check-in times and quiet hours are in the office's one
/// time zone (DESIGN D5). Every clock read goes through the injected TimeProvider.
/// </summary>
public sealed class OfficeClock(TimeProvider time, OfficeProfile office)
{
    /// <summary>The zone an admin set in Settings, else the app setting (see <see cref="OfficeProfile"/>).</summary>
    public TimeZoneInfo Zone => office.Zone;

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
