namespace Afterglow.Domain.Messaging;

/// <summary>
/// Hours in the office's time zone when retirees are not texted (default 21:00–08:00). A message due inside
/// them waits for the end; the window may wrap midnight.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    public bool Contains(TimeOnly t) => Start <= End ? t >= Start && t < End : t >= Start || t < End;

    /// <summary>The first instant at or after <paramref name="utc"/> outside quiet hours.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!Contains(time)) return utc;
        var day = DateOnly.FromDateTime(local.DateTime);
        if (Start > End && time >= Start) day = day.AddDays(1);
        var end = day.ToDateTime(End, DateTimeKind.Unspecified);
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
