using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>Who a level notifies, decided when the level starts: away and inactive people are skipped.</summary>
public sealed class CareRecipients(PersonStore people, RosterStore roster, CarePlanStore plans, OfficeClock clock)
{
    public async Task<IReadOnlyList<Recipient>> ForAsync(EscalationTarget target, Incident incident, Retiree? retiree, CancellationToken ct)
    {
        var profile = retiree?.Profile;
        switch (target)
        {
            case EscalationTarget.Retiree:
                return profile is null || string.IsNullOrEmpty(profile.Mobile) ? [] : [new Recipient(RecipientRole.Retiree, profile.Name, profile.Mobile, profile.Language)];
            case EscalationTarget.Volunteers when incident.Kind == IncidentKind.Help:
                // Needs help now: the coordinator on duty hears it together with the volunteer, not a level later.
                return [.. profile is null ? [] : await VolunteersAsync(profile, incident.RetireeId, ct), .. await OnDutyAsync(ct)];
            case EscalationTarget.Volunteers:
                return profile is null ? [] : await VolunteersAsync(profile, incident.RetireeId, ct);
            case EscalationTarget.LiaisonAndDuty:
                var told = incident.Kind == IncidentKind.Help ? incident.Steps.SelectMany(st => st.Recipients).Select(r => r.Phone).ToHashSet() : [];
                return [.. profile is null ? [] : await LiaisonsAsync(profile.Area, ct), .. (await OnDutyAsync(ct)).Where(r => !told.Contains(r.Phone))];
            case EscalationTarget.EmergencyContacts:
                return profile is null ? [] : await FamilyAsync(profile, incident.RetireeId, ct);
            case EscalationTarget.OnSiteVisit:
            case EscalationTarget.DutyReminder:
                return await OnDutyAsync(ct);
            case EscalationTarget.Acknowledger:
                return incident.Acknowledged is { Phone: { } phone } ack ? [new Recipient(RecipientRole.Other, ack.By, phone, "zh-CN")] : await OnDutyAsync(ct);
            default:
                return [];
        }
    }

    /// <summary>The primary volunteer, or the backup when the primary is away; everyone paired when the pairing is many-to-one.</summary>
    public async Task<IReadOnlyList<Recipient>> VolunteersAsync(RetireeProfile profile, string retireeId, CancellationToken ct)
    {
        var available = new List<Recipient>();
        foreach (var id in profile.VolunteerIds)
        {
            if (await AvailableAsync(id, ct) is not { } r) continue;
            available.Add(r);
            if (profile.Pairing == PairingMode.OneToOne) break;
        }
        if (await plans.GetAsync(retireeId, ct) is { } plan)
            foreach (var id in plan.Plan.EscalateTo)
                if (await AvailableAsync(id, ct) is { } r) available.Add(r);
        return available.DistinctBy(r => r.Phone).ToList();
    }

    public async Task<IReadOnlyList<Recipient>> LiaisonsAsync(string? area, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(area)) return [];
        var ids = (await people.ListAreasAsync(ct)).Where(a => a.Id == area).SelectMany(a => a.LiaisonIds).ToHashSet();
        var all = await people.ListAsync(ct);
        ids.UnionWith(all.Where(p => p.Role == PersonRole.Liaison && p.Areas.Contains(area)).Select(p => p.Id));
        var list = new List<Recipient>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
            if (await AvailableAsync(id, ct) is { } r) list.Add(r);
        return list;
    }

    /// <summary>Whoever the roster puts on duty now; if nobody is, every coordinator.</summary>
    public async Task<IReadOnlyList<Recipient>> OnDutyAsync(CancellationToken ct)
    {
        var list = new List<Recipient>();
        foreach (var id in (await roster.GetAsync(ct)).OnDuty(clock.UtcNow, clock.Zone))
            if (await AvailableAsync(id, ct) is { } r) list.Add(r);
        if (list.Count > 0) return list;
        return (await people.ListAsync(ct)).Where(p => p.Active && p.Role == PersonRole.Staff)
            .OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => ToRecipient(p)).ToList();
    }

    /// <summary>Emergency contacts in their order, only those who replied YES to the consent SMS.</summary>
    public async Task<IReadOnlyList<Recipient>> FamilyAsync(RetireeProfile profile, string retireeId, CancellationToken ct)
    {
        var list = new List<Recipient>();
        foreach (var c in profile.EmergencyContacts)
            if (await plans.GetConsentAsync(c.Phone, retireeId, ct) is { Consent.State: ConsentState.Yes })
                list.Add(new Recipient(RecipientRole.Family, c.Name, c.Phone, profile.Language));
        return list.DistinctBy(r => r.Phone).ToList();
    }

    private async Task<Recipient?> AvailableAsync(string personId, CancellationToken ct)
    {
        var person = await people.GetAsync(personId, ct);
        if (person is null || !person.Active) return null;
        return AwayPeriods.IsAway(await roster.AwayAsync(personId, ct), clock.Today) ? null : ToRecipient(person);
    }

    private static Recipient ToRecipient(Person p) => new(p.Role switch
    {
        PersonRole.Staff => RecipientRole.Coordinator,
        PersonRole.Liaison => RecipientRole.Liaison,
        _ => RecipientRole.Volunteer,
    }, p.Name, p.Phone, p.Language, p.Id);
}
