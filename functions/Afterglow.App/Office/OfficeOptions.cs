using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Office;

/// <summary>The office (Office:*): its name as SMS and staff see it, its time zone, its phone region. Read and checked at start-up.</summary>
public sealed record OfficeOptions
{
    public const string DefaultName = "离退休工作处";

    public string Name { get; init; } = DefaultName;
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    /// <summary>ISO 3166 region for numbers typed without a country code.</summary>
    public string PhoneRegion { get; init; } = "CN";

    public static OfficeOptions Read(IConfiguration config)
    {
        string? Get(string setting) => config[StorageAccount.Key(setting)] is { Length: > 0 } v ? v.Trim() : null;
        var o = new OfficeOptions();
        var errors = new List<string>();
        if (Get(AppSettings.OfficeName) is { } name)
        {
            if (name.Length <= 40) o = o with { Name = name };
            else errors.Add($"{StorageAccount.Key(AppSettings.OfficeName)} must be at most 40 characters (it goes into SMS).");
        }
        if (Get(AppSettings.OfficeTimeZone) is { } zone)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found)) o = o with { Zone = found };
            else errors.Add($"{StorageAccount.Key(AppSettings.OfficeTimeZone)} is not a time zone this system knows (\"{zone}\"; e.g. Asia/Shanghai).");
        }
        if (Get(AppSettings.OfficePhoneRegion) is { } region)
        {
            if (region.Length == 2 && region.All(char.IsAsciiLetter)) o = o with { PhoneRegion = region.ToUpperInvariant() };
            else errors.Add($"{StorageAccount.Key(AppSettings.OfficePhoneRegion)} must be a two-letter region code (\"{region}\"; e.g. CN).");
        }
        if (errors.Count > 0) throw new InvalidOperationException("Office settings: " + string.Join(" ", errors));
        return o;
    }
}
