using Afterglow.App.Problems;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Import;

/// <summary>
/// One row's cells (by field name) onto a profile, in the words offices use: 男/女, 离休/退休, 是/否, 有/无, √,
/// 中共党员, dates as they write them. Only the columns the file has are set, so an update keeps the rest.
/// </summary>
public static class ImportValues
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["男"] = "male", ["女"] = "female", ["男性"] = "male", ["女性"] = "female", ["m"] = "male", ["f"] = "female",
        ["退休"] = "retired", ["离休"] = "veteran", ["退休干部"] = "retired", ["离休干部"] = "veteran", ["退休人员"] = "retired", ["离休人员"] = "veteran",
        ["独居"] = "alone", ["独自居住"] = "alone", ["与配偶"] = "withSpouse", ["与配偶同住"] = "withSpouse", ["夫妻同住"] = "withSpouse",
        ["与子女"] = "withChildren", ["与子女同住"] = "withChildren", ["养老机构"] = "careHome", ["养老院"] = "careHome", ["敬老院"] = "careHome", ["其他"] = "other",
        ["在册"] = "active", ["正常"] = "active", ["住院"] = "hospitalised", ["外出"] = "away", ["已故"] = "deceased", ["去世"] = "deceased", ["归档"] = "archived",
    };

    private static readonly HashSet<string> Yes = new(["是", "有", "√", "✓", "1", "y", "yes", "true", "中共党员", "党员", "中共预备党员", "预备党员"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> No = new(["否", "无", "没有", "×", "✗", "0", "n", "no", "false", "群众", "非党员"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The profile with the row's values set; errors name the field. Month-only dates are flagged for a person to complete.</summary>
    public static RetireeProfile Apply(RetireeProfile p, IReadOnlyDictionary<string, string> v, PhoneNumberRules phones, FieldErrors errors)
    {
        string? S(string k) => v.TryGetValue(k, out var s) && s.Length > 0 ? s : null;
        bool Has(string k) => v.ContainsKey(k);

        if (Has("name")) p = p with { Name = S("name") ?? "" };
        if (Has("gender")) p = p with { Gender = Choice(S("gender"), Gender.Unspecified, "gender", errors) };
        if (Has("birthDate")) p = p with { BirthDate = Date(S("birthDate"), "birthDate", errors) ?? default };
        if (Has("idNumber")) p = p with { IdNumber = S("idNumber") };
        if (Has("unit")) p = p with { Unit = S("unit") };
        if (Has("title")) p = p with { Title = S("title") };
        if (Has("retirementType")) p = p with { RetirementType = Choice(S("retirementType"), RetirementType.Retired, "retirementType", errors) };
        if (Has("workStartDate")) p = p with { WorkStartDate = Date(S("workStartDate"), "workStartDate", errors) };
        if (Has("retirementDate")) p = p with { RetirementDate = Date(S("retirementDate"), "retirementDate", errors) };
        if (Has("ethnicity")) p = p with { Ethnicity = S("ethnicity") };
        if (Has("mobile")) p = p with { Mobile = S("mobile") ?? "" };
        if (Has("landline")) p = p with { Landline = S("landline") };
        // 联系电话 is whichever line it is: a mobile number goes to mobile, anything else to the landline.
        if (S("phone") is { } phone)
            p = phones.TryNormalize(phone, PhoneUse.Mobile, out _) ? p with { Mobile = phone } : p with { Landline = phone };
        if (Has("address")) p = p with { Address = S("address") };
        if (Has("city")) p = p with { City = S("city") };
        if (Has("livesElsewhere")) p = p with { LivesElsewhere = YesNo(S("livesElsewhere"), "livesElsewhere", errors) };
        if (Has("area")) p = p with { Area = S("area") };
        if (Has("living")) p = p with { Living = Choice(S("living"), LivingArrangement.Unknown, "living", errors) };
        if (Has("emptyNest")) p = p with { EmptyNest = YesNo(S("emptyNest"), "emptyNest", errors) };
        if (Has("childless")) p = p with { Childless = YesNo(S("childless"), "childless", errors) };
        if (Has("seriousIllness")) p = p with { SeriousIllness = YesNo(S("seriousIllness"), "seriousIllness", errors) };
        if (Has("disability")) p = p with { Disability = YesNo(S("disability"), "disability", errors) };
        if (Has("hardship")) p = p with { Hardship = YesNo(S("hardship"), "hardship", errors) };
        if (Has("healthNotes")) p = p with { HealthNotes = S("healthNotes") };
        if (Has("medicalInsurance")) p = p with { MedicalInsurance = S("medicalInsurance") };
        if (Has("designatedHospital")) p = p with { DesignatedHospital = S("designatedHospital") };
        if (Has("familyDoctor")) p = p with { FamilyDoctor = S("familyDoctor") };
        if (Has("partyMember")) p = p with { PartyMember = YesNo(S("partyMember"), "partyMember", errors) };
        if (Has("partyJoinDate")) p = p with { PartyJoinDate = Date(S("partyJoinDate"), "partyJoinDate", errors) };
        if (Has("partyBranch")) p = p with { PartyBranch = S("partyBranch") };
        if (Has("hobbies")) p = p with { Hobbies = S("hobbies") };
        if (Has("spouseName") || Has("spousePhone"))
            p = p with { Spouse = S("spouseName") is { } sn ? new FamilyMember(sn, "配偶", S("spousePhone")) : S("spousePhone") is { } spp ? new FamilyMember("", "配偶", spp) : null };
        if (Has("children")) p = p with { Children = Children(S("children")) };
        if (Has("emergencyContactName"))
            p = p with { EmergencyContacts = S("emergencyContactName") is { } cn ? [new(cn, S("emergencyContactRelation"), S("emergencyContactPhone") ?? "")] : [] };
        if (Has("notes")) p = p with { Notes = S("notes") };
        if (Has("language")) p = p with { Language = S("language") ?? "zh-CN" };
        if (Has("status")) p = p with { Status = Choice(S("status"), RetireeStatus.Active, "status", errors) };
        if (Has("deceasedOn")) p = p with { DeceasedOn = Date(S("deceasedOn"), "deceasedOn", errors) };
        return p;
    }

    /// <summary>"张明 13800001111；张红 13900002222" (or one per line): each child a name and an optional phone.</summary>
    public static IReadOnlyList<FamilyMember> Children(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split([';', '；', '\n', '、', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part =>
            {
                var digits = part.IndexOfAny("+0123456789".ToCharArray());
                var name = (digits < 0 ? part : part[..digits]).Trim(' ', ':', '：', '(', '（');
                var phone = digits < 0 ? null : part[digits..].Trim(' ', ')', '）');
                return new FamilyMember(name, "子女", phone);
            }).ToList();
    }

    private static DateOnly? Date(string? text, string field, FieldErrors errors)
    {
        if (text is null) return null;
        var (reading, date) = OfficeDate.Read(text);
        switch (reading)
        {
            case DateReading.Date: return date;
            case DateReading.MonthOnly:
                errors.Add(field, $"'{text}' gives the month but not the day; complete the date (e.g. {date:yyyy-MM}-15).");
                return null;
            default:
                errors.Add(field, $"'{text}' is not a date (e.g. 1942-03-05, 1942年3月5日, 1942.3.5, 19420305).");
                return null;
        }
    }

    private static T Choice<T>(string? text, T fallback, string field, FieldErrors errors) where T : struct, Enum
    {
        if (text is null) return fallback;
        var s = Words.TryGetValue(text, out var w) ? w : text;
        if (Enum.TryParse<T>(s, true, out var e) && !int.TryParse(s, out _)) return e;
        var zh = ImportColumns.Field(field)?.ChoicesZh ?? [];
        errors.Add(field, $"'{text}' is not one of: {string.Join(", ", zh.Length > 0 ? zh.Concat(Enum.GetNames<T>().Select(Camel)) : Enum.GetNames<T>().Select(Camel))}.");
        return fallback;
    }

    private static bool YesNo(string? text, string field, FieldErrors errors)
    {
        if (text is null) return false;
        if (Yes.Contains(text)) return true;
        if (No.Contains(text)) return false;
        errors.Add(field, $"'{text}' is not yes or no (是/否).");
        return false;
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
