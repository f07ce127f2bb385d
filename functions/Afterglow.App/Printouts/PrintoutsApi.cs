using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Printouts;

public sealed record CardSheet(IReadOnlyList<CardView> Cards, bool Medical);

/// <summary>One stop of a visit route: where, how to reach them, what to know at the door.</summary>
public sealed record RouteStop(string RetireeId, string Name, string? Address, string? Area, string Mobile, string? Landline, string? Notes);

public sealed record RouteList(IReadOnlyList<RouteStop> Stops);

/// <summary>
/// Paper that leaves the office: emergency cards and visit route lists. Anyone signed in; a volunteer gets only
/// the retirees paired with them (another's retiree prints as if it did not exist), so a volunteer can print the
/// card for the person they visit. Every printout is audited on each retiree's trail: personal data leaves the
/// system on paper. The call list and the event sign-in sheet print what their pages already read.
/// </summary>
public static class PrintoutsApi
{
    public const int MaxCards = 500;

    public static void MapPrintouts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/printouts").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/cards", CardsAsync);
        group.MapGet("/route", RouteAsync);
    }

    /// <summary>
    /// ?retireeId= (one card), ?segmentId=, or the retirees list's filter; ?medical=true adds the medical notes
    /// (off unless asked: the card is worn in the open); ?language=zh-CN|en. Deceased and archived retirees get none.
    /// </summary>
    private static async Task<Results<Ok<CardSheet>, ValidationProblem>> CardsAsync(
        HttpRequest request, RegistryIndex index, IGroupMembers groups, RetireeStore store, BroadcastStore segments, OfficeProfile office, PhoneNumberRules phones,
        OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = RetireeFilter.FromQuery(request.Query);
        var medical = Flag(request, "medical", errors);
        var zh = Language(request, errors);
        var retireeId = request.Query["retireeId"].FirstOrDefault();
        var segmentId = request.Query["segmentId"].FirstOrDefault();
        if (retireeId is not null && !RetireeStore.IsId(retireeId)) errors.Add("retireeId", "A retiree's id, as the registry gives it.");
        if (segmentId is not null)
        {
            if (await segments.GetSegmentAsync(segmentId, ct) is { } segment) filter = segment.Filter;
            else errors.Add("segmentId", "No such segment.");
        }
        var caller = Caller.From(http.User);
        // Staff choose whom (the whole registry at once is never meant); a volunteer's all is their paired few.
        if (!caller.IsVolunteer && retireeId is null && segmentId is null && filter == new RetireeFilter()) errors.Add("filter", "Choose a retiree, a segment or a filter.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var chosen = await ChooseAsync(index, await groups.ResolveAsync(filter, ct), retireeId, caller, clock, ct);
        if (chosen.Count > MaxCards) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = [$"At most {MaxCards} cards at once; narrow the filter."] });
        var retirees = (await store.ReadManyAsync(chosen, ct)).Where(r => r.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            .OrderBy(r => r.Profile.Name, RetireesApi.ByName.Value).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var (name, hotline) = (office.Name, office.Hotline);
        var cards = retirees.Select(r => EmergencyCards.Card(r, name, hotline, medical, zh, phones)).ToList();
        var detail = medical ? "Printed the emergency card, with medical notes" : "Printed the emergency card";
        await audit.RecordManyAsync(cards.Select(c => (caller, "cards.print", (string?)c.RetireeId, detail)).ToList(), ct);
        return TypedResults.Ok(new CardSheet(cards, medical));
    }

    /// <summary>?area= or ?volunteerId= (a volunteer's own route needs neither), with any other filter; stops sorted by address.</summary>
    private static async Task<Results<Ok<RouteList>, ValidationProblem>> RouteAsync(
        HttpRequest request, RegistryIndex index, IGroupMembers groups, RetireeStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = RetireeFilter.FromQuery(request.Query);
        var caller = Caller.From(http.User);
        if (!caller.IsVolunteer && filter.Area is null && filter.VolunteerId is null) errors.Add("area", "Choose an area or a volunteer.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var chosen = await ChooseAsync(index, await groups.ResolveAsync(filter, ct), null, caller, clock, ct);
        var stops = (await store.ReadManyAsync(chosen, ct)).Where(r => r.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            .Select(r => new RouteStop(r.Id, r.Profile.Name, r.Profile.Address, r.Profile.Area, r.Profile.Mobile, r.Profile.Landline, r.Profile.Notes))
            // No address last; "3栋" before "12栋", as a walk goes.
            .OrderBy(s => string.IsNullOrWhiteSpace(s.Address)).ThenBy(s => s.Address ?? "", ByAddress.Value).ThenBy(s => s.Name, RetireesApi.ByName.Value)
            .ToList();
        await audit.RecordManyAsync(stops.Select(s => (caller, "route.print", (string?)s.RetireeId, "Printed on a visit route list")).ToList(), ct);
        return TypedResults.Ok(new RouteList(stops));
    }

    private static readonly Lazy<StringComparer> ByAddress = new(() =>
        StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), CompareOptions.IgnoreCase | CompareOptions.NumericOrdering));

    /// <summary>The ids the caller may print: one retiree or the filter's matches, a volunteer's own only.</summary>
    private static async Task<HashSet<string>> ChooseAsync(RegistryIndex index, RetireeFilter filter, string? retireeId, Caller caller, OfficeClock clock, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var from = retireeId is null ? index.All : index.Find(retireeId) is { } one ? [one] : [];
        return filter.Apply(from, caller, clock.Today).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
    }

    private static bool Flag(HttpRequest request, string name, FieldErrors errors)
    {
        var s = request.Query[name].FirstOrDefault();
        if (s is null) return false;
        if (bool.TryParse(s, out var b)) return b;
        errors.Add(name, "Use true or false.");
        return false;
    }

    private static bool Language(HttpRequest request, FieldErrors errors)
    {
        var language = request.Query["language"].FirstOrDefault() ?? "zh-CN";
        if (language is not ("zh-CN" or "en")) errors.Add("language", "Language is zh-CN or en.");
        return language != "en";
    }
}
