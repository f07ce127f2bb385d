using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Office;

/// <summary>The office (Office:*): its name as SMS and staff see it, its time zone, its phone region. Bound and checked at start-up.</summary>
public sealed record OfficeOptions : ISettings
{
    public const string Section = "Office";
    public const string DefaultName = "离退休工作处";

    // An empty setting means "not set" (the Bicep leaves optional ones empty).
    public string Name { get; set => field = Settings.OrDefault(value, DefaultName); } = DefaultName;
    /// <summary>An IANA (or Windows) time zone id; <see cref="Zone()"/> is the zone itself.</summary>
    public string TimeZone { get; set { field = Settings.OrDefault(value, "Asia/Shanghai"); _zone = null; } } = "Asia/Shanghai";
    /// <summary>ISO 3166 region for numbers typed without a country code.</summary>
    public string PhoneRegion { get; set => field = Settings.OrDefault(value, "CN").ToUpperInvariant(); } = "CN";

    private TimeZoneInfo? _zone;
    // A method, not a property: computed, not a setting, so the binder generated at compile time has nothing to bind.
    public TimeZoneInfo Zone() => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public static OfficeOptions Read(IConfiguration config) => Settings.Read<OfficeOptions>(config, Section, (c, o) => c.Bind(o));

    public IEnumerable<string> Problems()
    {
        if (Name.Length > 40) yield return $"{StorageAccount.Key(AppSettings.OfficeName)} must be at most 40 characters (it goes into SMS).";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return $"{StorageAccount.Key(AppSettings.OfficeTimeZone)} is not a time zone this system knows (\"{TimeZone}\"; e.g. Asia/Shanghai).";
        if (PhoneRegion.Length != 2 || !PhoneRegion.All(char.IsAsciiLetter))
            yield return $"{StorageAccount.Key(AppSettings.OfficePhoneRegion)} must be a two-letter region code (\"{PhoneRegion}\"; e.g. CN).";
    }
}
