using System.Globalization;
using Afterglow.App.Problems;
using Afterglow.Domain.Phones;

namespace Afterglow.App.Office;

/// <summary>Checks what an admin typed into the office settings; each problem names its field.</summary>
public static class OfficeValidation
{
    public const int MaxName = 60;

    public static (OfficeSettings? Settings, FieldErrors Errors) Validate(OfficeInput body, PhoneNumberRules phones)
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
        // Optional; stored as E.164 and printed as the office dials it, like every other number.
        string? hotline = null;
        if (!string.IsNullOrWhiteSpace(body.Hotline))
        {
            if (phones.TryNormalize(body.Hotline, out var e164)) hotline = e164;
            else errors.Add("hotline", "Not a phone number (e.g. 010-62751234).");
        }
        return errors.Any ? (null, errors) : (new OfficeSettings(name, zone, start, end, hotline), errors);
    }

    private static TimeOnly Time(string? value, string field, FieldErrors errors)
    {
        if (value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        errors.Add(field, "A time as HH:mm (e.g. 21:00).");
        return default;
    }
}
