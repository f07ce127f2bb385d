using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Configuration;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Domain.Phones;

namespace Afterglow.App.Office;

/// <summary>Quiet hours in office time, "HH:mm".</summary>
public sealed record QuietHoursDto(string Start, string End);

/// <summary>The office's settings as the dashboard needs them; read-only (they are app settings of the deployment).</summary>
public sealed record OfficeDto(string Name, string TimeZone, string PhoneRegion, QuietHoursDto QuietHours, string Currency, decimal CostPerSmsSegment);

public static class OfficeApi
{
    public const string DefaultName = OfficeOptions.DefaultName;

    public static RouteHandlerBuilder MapOffice(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/office", Get).RequireAuthorization(Policies.SignedIn);

    // The dashboard formats every date in this zone, so it must be the zone the server computes "today" in.
    private static OfficeDto Get(OfficeClock clock, PhoneNumberRules phones, SmsOptions sms, OfficeOptions office) => new(
        office.Name,
        IanaId(clock.Zone),
        phones.DefaultRegion,
        new QuietHoursDto(Hhmm(sms.QuietHours.Start), Hhmm(sms.QuietHours.End)),
        sms.Currency,
        sms.CostPerSegment);

    // Browsers know IANA ids only; a Windows id in the setting ("China Standard Time") is translated.
    private static string IanaId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;

    private static string Hhmm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
