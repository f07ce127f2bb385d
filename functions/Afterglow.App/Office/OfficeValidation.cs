using System.Globalization;
using Afterglow.App.Problems;

namespace Afterglow.App.Office;

/// <summary>Checks what an admin typed into the office settings; each problem names its field.</summary>
public static class OfficeValidation
{
    public const int MaxName = 60;

    public static (OfficeSettings? Settings, FieldErrors Errors) Validate(OfficeInput body)
    {
        var errors = new FieldErrors();
        var name = body.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add("name", "The office's name is required.");
        else if (name.Length > MaxName) errors.Add("name", $"At most {MaxName} characters.");
        else if (name.Any(char.IsControl)) errors.Add("name", "No line breaks or control characters.");

        var zone = body.TimeZone?.Trim() ?? "";
        // IANA ids only: the browsers format dates with them, and they name the same zone on every host.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) || !found.HasIanaId)
            errors.Add("timeZone", "Not a time zone id (IANA, e.g. Asia/Shanghai).");

        var start = Time(body.QuietHours?.Start, "quietHours.start", errors);
        var end = Time(body.QuietHours?.End, "quietHours.end", errors);
        return errors.Any ? (null, errors) : (new OfficeSettings(name, zone, start, end), errors);
    }

    private static TimeOnly Time(string? value, string field, FieldErrors errors)
    {
        if (value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        errors.Add(field, "A time as HH:mm (e.g. 21:00).");
        return default;
    }
}
