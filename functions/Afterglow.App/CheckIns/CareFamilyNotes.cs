using Afterglow.App.Office;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>
/// Messages to emergency contacts outside the ladder: the consent request that makes them recipients, and the
/// optional daily reassurance ("平安" / "not yet") for those who opted in.
/// </summary>
public sealed class CareFamilyNotes(CarePlanStore plans, ICareMessages messages, OfficeClock clock, OfficeProfile office)
{
    private string Office => office.Name;

    public Task WellAsync(Retiree retiree, CheckIn checkIn, CancellationToken ct) => NoteAsync(retiree, checkIn, CareTemplates.ReassureWell, ct);

    public Task MissedAsync(Retiree retiree, CheckIn checkIn, CancellationToken ct) => NoteAsync(retiree, checkIn, CareTemplates.ReassureMissed, ct);

    private async Task NoteAsync(Retiree retiree, CheckIn checkIn, string template, CancellationToken ct)
    {
        foreach (var contact in retiree.Profile.EmergencyContacts)
        {
            if (await plans.GetConsentAsync(contact.Phone, retiree.Id, ct) is not { Consent: { State: ConsentState.Yes, Reassurance: true } }) continue;
            await messages.QueueAsync(new CareMessage(contact.Phone, template, new Dictionary<string, string> { ["name"] = retiree.Profile.Name },
                retiree.Profile.Language, CarePurpose.Reassurance, $"{template}:{checkIn.Id}:{contact.Phone}", false, retiree.Id), ct);
        }
    }

    /// <summary>Asks each emergency contact not yet asked; a contact becomes a recipient only after replying YES.</summary>
    public async Task<int> AskConsentAsync(Retiree retiree, CancellationToken ct)
    {
        if (retiree.Profile.Status is RetireeStatus.Deceased or RetireeStatus.Archived) return 0;
        var asked = 0;
        foreach (var contact in retiree.Profile.EmergencyContacts)
        {
            var consent = new ContactConsent { RetireeId = retiree.Id, Phone = contact.Phone, Name = contact.Name, AskedAt = clock.UtcNow };
            if (!await plans.TryAddConsentAsync(consent, ct)) continue;
            await messages.QueueAsync(new CareMessage(contact.Phone, CareTemplates.Consent,
                new Dictionary<string, string> { ["name"] = retiree.Profile.Name, ["office"] = Office },
                retiree.Profile.Language, CarePurpose.Consent, $"consent:{retiree.Id}:{contact.Phone}", false, retiree.Id), ct);
            asked++;
        }
        return asked;
    }
}
