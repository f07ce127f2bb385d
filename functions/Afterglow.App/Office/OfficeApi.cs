using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Problems;
using Afterglow.App.Sms;
using Afterglow.Domain.Phones;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Afterglow.App.Office;

/// <summary>Quiet hours in office time, "HH:mm".</summary>
public sealed record QuietHoursDto(string Start, string End);

/// <summary>The office's settings as the dashboard needs them. Name, zone, quiet hours and hotline an admin may change (PUT).</summary>
public sealed record OfficeDto(string Name, string TimeZone, string PhoneRegion, QuietHoursDto QuietHours, string Currency, decimal CostPerSmsSegment, string? Hotline = null);

/// <summary>What an admin changes in Settings. The hotline (any number the office answers) may be left empty.</summary>
public sealed record OfficeInput(string? Name, string? TimeZone, QuietHoursDto? QuietHours, string? Hotline = null);

public static class OfficeApi
{
    public const string DefaultName = OfficeOptions.DefaultName;
    /// <summary>The ETag of "nothing stored yet": a PUT with it adds the row.</summary>
    public const string NothingStored = "\"app-settings\"";

    /// <summary>Everyone signed in reads (the dashboard formats dates in the zone); admins change.</summary>
    public static IEndpointRouteBuilder MapOffice(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/office", GetAsync).RequireAuthorization(Policies.SignedIn);
        routes.MapPut("/api/office", SaveAsync).RequireAuthorization(Policies.Admin);
        return routes;
    }

    private static async Task<Ok<OfficeDto>> GetAsync(OfficeProfile profile, PhoneNumberRules phones, SmsOptions sms, HttpContext http, CancellationToken ct)
    {
        var (settings, etag) = await profile.ReadAsync(ct);
        http.Response.Headers.ETag = etag?.ToString() ?? NothingStored;
        return TypedResults.Ok(Dto(settings, phones, sms));
    }

    private static async Task<Results<Ok<OfficeDto>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        OfficeInput body, [FromHeader(Name = "If-Match")] string? ifMatch,
        OfficeProfile profile, PhoneNumberRules phones, SmsOptions sms, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: 428, title: "Send If-Match with the ETag you read, so nobody's change is overwritten.");
        var (next, errors) = OfficeValidation.Validate(body, phones);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var (before, _) = await profile.ReadAsync(ct);
        var (saved, etag) = await profile.SaveAsync(next!, ifMatch == NothingStored ? null : new ETag(ifMatch), ct);
        if (!saved) return TypedResults.Problem(statusCode: 412, title: "Someone changed the office settings since you read them. Reload and try again.");
        await audit.RecordAsync(Caller.From(http.User), "office.update", null, Changes(before, next!), ct);
        http.Response.Headers.ETag = etag.ToString();
        return TypedResults.Ok(Dto(next!, phones, sms));
    }

    /// <summary>The settings as GET /api/office answers them (without the ETag), for the dashboard's page (Dashboard/FirstScreen).</summary>
    internal static async Task<OfficeDto> CurrentAsync(OfficeProfile profile, PhoneNumberRules phones, SmsOptions sms, CancellationToken ct) =>
        Dto((await profile.ReadAsync(ct)).Settings, phones, sms);

    private static OfficeDto Dto(OfficeSettings s, PhoneNumberRules phones, SmsOptions sms) => new(
        s.Name, IanaId(s.TimeZone), phones.DefaultRegion, new QuietHoursDto(Hhmm(s.QuietStart), Hhmm(s.QuietEnd)), sms.Currency, sms.CostPerSegment, s.Hotline);

    // The audit says what changed, old → new, so a wrong zone can be traced to who set it.
    private static string Changes(OfficeSettings a, OfficeSettings b)
    {
        var parts = new List<string>();
        if (a.Name != b.Name) parts.Add($"name: {a.Name} → {b.Name}");
        if (a.TimeZone != b.TimeZone) parts.Add($"timeZone: {a.TimeZone} → {b.TimeZone}");
        if (a.QuietStart != b.QuietStart || a.QuietEnd != b.QuietEnd)
            parts.Add($"quietHours: {Hhmm(a.QuietStart)}-{Hhmm(a.QuietEnd)} → {Hhmm(b.QuietStart)}-{Hhmm(b.QuietEnd)}");
        if (a.Hotline != b.Hotline) parts.Add($"hotline: {a.Hotline ?? "-"} → {b.Hotline ?? "-"}");
        return parts.Count == 0 ? "no change" : string.Join("; ", parts);
    }

    // Browsers know IANA ids only; a Windows id in the app setting ("China Standard Time") is translated.
    private static string IanaId(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && !zone.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : id;

    public static string Hhmm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
