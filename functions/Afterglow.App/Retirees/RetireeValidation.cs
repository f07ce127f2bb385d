using Afterglow.App.Problems;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Afterglow.Domain.Text;

namespace Afterglow.App.Retirees;

/// <summary>Checks a profile and returns it with phones in E.164 and text trimmed; errors name the JSON field.</summary>
public static class RetireeValidation
{
    public const int MaxAge = 120;
    private static readonly string[] Languages = ["zh-CN", "en"];

    public static (RetireeProfile Profile, FieldErrors Errors) Validate(RetireeProfile p, PhoneNumberRules phones, DateOnly today)
    {
        var errors = new FieldErrors();

        var name = Text(p.Name, "name", 50, errors, required: true);
        if (p.BirthDate == default) errors.Add("birthDate", "Enter the birth date (YYYY-MM-DD).");
        else if (p.BirthDate > today) errors.Add("birthDate", "The birth date is in the future.");
        else if (RiskAssessment.AgeOn(p.BirthDate, today) > MaxAge) errors.Add("birthDate", $"An age over {MaxAge} is not possible; check the year.");

        // A landline alone will do: the care plan then starts on the call channel (no SMS can reach them).
        var mobile = Phone(p.Mobile, "mobile", PhoneUse.Mobile, phones, errors, required: false);
        var landline = Phone(p.Landline, "landline", PhoneUse.Landline, phones, errors, required: false);
        if (string.IsNullOrWhiteSpace(p.Mobile) && string.IsNullOrWhiteSpace(p.Landline))
            errors.Add("mobile", "Enter a mobile number, or a landline if they have no mobile (check-ins then go by phone call).");

        var idNumber = Text(p.IdNumber, "idNumber", 32, errors);
        if (idNumber is not null && IdNumberError(idNumber, p.BirthDate, today) is { } idError) errors.Add("idNumber", idError);

        if (!Languages.Contains(p.Language)) errors.Add("language", "Language is zh-CN or en.");

        if (p.Status == RetireeStatus.Deceased)
        {
            if (p.DeceasedOn is null) errors.Add("deceasedOn", "Enter the date of death.");
            else if (p.DeceasedOn > today) errors.Add("deceasedOn", "The date of death is in the future.");
            else if (p.DeceasedOn < p.BirthDate) errors.Add("deceasedOn", "The date of death is before the birth date.");
        }
        else if (p.DeceasedOn is not null) errors.Add("deceasedOn", "Only a deceased retiree has a date of death.");

        if (p.TierOverride is { } o && string.IsNullOrWhiteSpace(o.Reason)) errors.Add("tierOverride.reason", "Say why the tier is overridden.");
        if (p.TierOverride is { Reason.Length: > 500 }) errors.Add("tierOverride.reason", "At most 500 characters.");
        else if (p.TierOverride is { } t && !ReadableText.IsSafe(t.Reason, multiline: true)) errors.Add("tierOverride.reason", ReadableText.Describe(t.Reason!, multiline: true));

        var children = p.Children.Select((c, i) => c with
        {
            Name = Text(c.Name, $"children[{i}].name", 50, errors, required: true) ?? "",
            Relation = Text(c.Relation, $"children[{i}].relation", 20, errors),
            Phone = Phone(c.Phone, $"children[{i}].phone", PhoneUse.Any, phones, errors, required: false),
        }).ToList();
        if (children.Count > 10) errors.Add("children", "At most 10 children.");

        var contacts = p.EmergencyContacts.Select((c, i) => c with
        {
            Name = Text(c.Name, $"emergencyContacts[{i}].name", 50, errors, required: true) ?? "",
            Relation = Text(c.Relation, $"emergencyContacts[{i}].relation", 20, errors),
            // Emergency contacts are texted when the ladder reaches them.
            Phone = Phone(c.Phone, $"emergencyContacts[{i}].phone", PhoneUse.Mobile, phones, errors, required: true) ?? "",
        }).ToList();
        if (contacts.Count > 3) errors.Add("emergencyContacts", "At most 3 emergency contacts, in the order to call them.");

        var spouse = p.Spouse is { } sp ? sp with
        {
            Name = Text(sp.Name, "spouse.name", 50, errors, required: true) ?? "",
            Relation = Text(sp.Relation, "spouse.relation", 20, errors),
            Phone = Phone(sp.Phone, "spouse.phone", PhoneUse.Any, phones, errors, required: false),
        } : null;
        PastDate(p.WorkStartDate, "workStartDate", p.BirthDate, today, errors);
        PastDate(p.RetirementDate, "retirementDate", p.BirthDate, today, errors);
        PastDate(p.PartyJoinDate, "partyJoinDate", p.BirthDate, today, errors);

        List(p.Conditions, "conditions", 20, 100, errors);
        List(p.Groups, "groups", 20, 100, errors);
        List(p.VolunteerIds, "volunteerIds", 5, 40, errors);

        var clean = p with
        {
            Name = name ?? "",
            Mobile = mobile ?? (string.IsNullOrWhiteSpace(p.Mobile) ? "" : p.Mobile),
            Landline = landline,
            IdNumber = idNumber?.ToUpperInvariant(),
            Unit = Text(p.Unit, "unit", 100, errors),
            Address = Text(p.Address, "address", 200, errors, multiline: true),
            City = Text(p.City, "city", 50, errors),
            Area = Text(p.Area, "area", 50, errors),
            PartyBranch = Text(p.PartyBranch, "partyBranch", 100, errors),
            Hobbies = Text(p.Hobbies, "hobbies", 500, errors, multiline: true),
            HealthNotes = Text(p.HealthNotes, "healthNotes", 2000, errors, multiline: true),
            Title = Text(p.Title, "title", 50, errors),
            Ethnicity = Text(p.Ethnicity, "ethnicity", 20, errors),
            MedicalInsurance = Text(p.MedicalInsurance, "medicalInsurance", 50, errors),
            DesignatedHospital = Text(p.DesignatedHospital, "designatedHospital", 100, errors),
            FamilyDoctor = Text(p.FamilyDoctor, "familyDoctor", 100, errors),
            Notes = Text(p.Notes, "notes", 1000, errors, multiline: true),
            Spouse = spouse,
            Children = children,
            EmergencyContacts = contacts,
        };
        return (clean, errors);
    }

    /// <summary>A resident ID number (fully checked, and it must agree with the birth date) or another document's number.</summary>
    public static string? IdNumberError(string idNumber, DateOnly birthDate, DateOnly today)
    {
        if (ResidentId.LooksLikeOne(idNumber)) return ResidentId.Check(idNumber, today, birthDate);
        if (!idNumber.All(char.IsAsciiLetterOrDigit)) return "An ID number has only digits and letters.";
        if (idNumber.All(char.IsAsciiDigit)) return "A number of only digits must be an 18-character resident ID number.";
        if (idNumber.Length is < 5 or > 20) return "A passport or other document number has 5 to 20 letters and digits.";
        return null;
    }

    private static string? Text(string? value, string field, int max, FieldErrors errors, bool required = false, bool multiline = false)
    {
        var t = value?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            if (required) errors.Add(field, "This field is required.");
            return null;
        }
        if (t.Length > max) errors.Add(field, $"At most {max} characters.");
        else if (!ReadableText.IsSafe(t, multiline)) errors.Add(field, ReadableText.Describe(t, multiline));
        return t;
    }

    private static string? Phone(string? value, string field, PhoneUse use, PhoneNumberRules phones, FieldErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, "This field is required.");
            return null;
        }
        if (phones.TryNormalize(value, use, out var e164)) return e164;
        var kind = use switch { PhoneUse.Mobile => "; a mobile number is needed here (it receives SMS)", PhoneUse.Landline => "; a fixed line is needed here", _ => "" };
        errors.Add(field, $"'{value}' is not a valid phone number (default region {phones.DefaultRegion}){kind}.");
        return null;
    }

    /// <summary>A date in someone's life: not in the future, not before they were born.</summary>
    private static void PastDate(DateOnly? date, string field, DateOnly birth, DateOnly today, FieldErrors errors)
    {
        if (date is not { } d) return;
        if (d > today) errors.Add(field, "The date is in the future.");
        else if (birth != default && d < birth) errors.Add(field, "The date is before the birth date.");
    }

    private static void List(IReadOnlyList<string> items, string field, int maxItems, int maxLength, FieldErrors errors)
    {
        if (items.Count > maxItems) errors.Add(field, $"At most {maxItems} items.");
        for (var i = 0; i < items.Count; i++)
            if (string.IsNullOrWhiteSpace(items[i]) || items[i].Length > maxLength) errors.Add($"{field}[{i}]", $"Each item needs 1 to {maxLength} characters.");
            else if (!ReadableText.IsSafe(items[i])) errors.Add($"{field}[{i}]", ReadableText.Describe(items[i]));
    }
}
