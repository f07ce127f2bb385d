using System.Globalization;
using System.Text;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Import;

/// <summary>
/// The registry as a file the office opens and imports again: .xlsx or CSV (UTF-8 with BOM so Excel shows
/// Chinese), headers and values in the office's language (zh-CN by default, or en), an id column so a
/// re-import updates the same records. The template is the same sheet with one example row and drop-down lists.
/// </summary>
public static class RetireeExport
{
    // Every field once: a phone is exported as mobile and landline, never as the 联系电话 column that sorts them.
    private static readonly IReadOnlyList<ImportField> Exported = ImportColumns.Fields.Where(f => f.Name != "phone").ToList();

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, RegistryIndex index, RetireeStore store, IGroupMembers groups, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = RetireeFilter.FromQuery(request.Query);
        filter = await groups.ResolveAsync(filter, ct);
        var (format, zh) = FormatAndLanguage(request, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await index.EnsureCurrentAsync(ct);
        var caller = Caller.From(http.User);
        var ids = filter.Apply(index.All, caller, clock.Today).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var retirees = (await store.ReadManyAsync(ids, ct)).OrderBy(r => r.Profile.Name, RetireesApi.ByName.Value).ToList();
        await audit.RecordAsync(caller, "retiree.export", null, $"Exported {ids.Count} retirees ({request.QueryString})", ct);

        var header = new[] { ImportColumns.Id }.Concat(Exported.Select(f => zh ? f.Chinese : f.English)).Append(zh ? "风险等级" : "tier").ToList();
        var rows = retirees.Select(r => (IReadOnlyList<string>)[r.Id, .. Exported.Select(f => Value(r.Profile, f.Name, zh)), Camel(r.Tier)]);
        return File(format, header, rows, zh, $"retirees-{clock.Today:yyyyMMdd}");
    }

    /// <summary>An empty list with the headers offices fill in, one example row, and drop-down lists for the fixed values.</summary>
    public static Results<FileContentHttpResult, ValidationProblem> Template(HttpRequest request)
    {
        var errors = new Problems.FieldErrors();
        var (format, zh) = FormatAndLanguage(request, errors, defaultFormat: "xlsx");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var header = Exported.Select(f => zh ? f.Chinese : f.English).ToList();
        var example = Exported.Select(f => Value(Example, f.Name, zh)).ToList();
        return File(format, header, [example], zh, zh ? "离退休人员导入模板" : "retirees-import-template", withChoices: true);
    }

    /// <summary>The example row: a whole record as an office would type it (it imports as it stands).</summary>
    internal static readonly RetireeProfile Example = new()
    {
        Name = "王建国", Gender = Gender.Male, BirthDate = new DateOnly(1942, 3, 5), Unit = "化学系", Title = "教授", RetirementType = RetirementType.Retired,
        WorkStartDate = new DateOnly(1962, 9, 1), RetirementDate = new DateOnly(2002, 3, 31), Ethnicity = "汉族", Mobile = "13800138000", Landline = "027-87654321",
        Address = "武昌区八一路299号3栋2单元401", City = "武汉", Area = "东区", Living = LivingArrangement.WithSpouse, PartyMember = true,
        PartyJoinDate = new DateOnly(1965, 7, 1), PartyBranch = "第一党支部", MedicalInsurance = "公费医疗", DesignatedHospital = "校医院", FamilyDoctor = "李医生",
        Hobbies = "书法", Spouse = new FamilyMember("刘秀英", "配偶", "13900139000"), Children = [new("王明", "子女", "13700137000")],
        EmergencyContacts = [new("王明", "儿子", "13700137000")], Notes = "示例行，导入前请删除",
    };

    /// <summary>An export's table as JSON, for a page that prints it (the same header and rows as the file).</summary>
    public sealed record ExportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

    /// <summary>A list as the office opens it: CSV (UTF-8 with BOM) or .xlsx (other features' exports use it too).</summary>
    internal static FileContentHttpResult File(string format, List<string> header, IEnumerable<IReadOnlyList<string>> rows, bool zh, string name,
        bool withChoices = false, string? sheet = null)
    {
        if (format == "csv")
        {
            var builder = new StringBuilder();
            builder.Append(Csv.Line(header)).Append("\r\n");
            foreach (var row in rows) builder.Append(Csv.Line(row)).Append("\r\n");
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray();
            return TypedResults.File(bytes, "text/csv; charset=utf-8", name + ".csv");
        }
        var choices = withChoices
            ? Exported.Select((f, i) => (i, zh ? f.ChoicesZh : f.ChoicesEn)).Where(x => x.Item2.Length > 0).ToDictionary(x => x.i, x => x.Item2)
            : null;
        var xlsx = XlsxWriter.Write(sheet ?? (zh ? "离退休人员" : "Retirees"), header, rows, choices);
        return TypedResults.File(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    /// <summary>?format= and ?language=. <paramref name="printable"/>: also "json", the same table for the dashboard to print.</summary>
    internal static (string Format, bool Zh) FormatAndLanguage(HttpRequest request, Problems.FieldErrors errors, string defaultFormat = "csv", bool printable = false)
    {
        var format = request.Query["format"].FirstOrDefault() ?? defaultFormat;
        var language = request.Query["language"].FirstOrDefault() ?? "zh-CN";
        if (printable && format == "json") { }
        else if (format is not ("csv" or "xlsx")) errors.Add("format", printable ? "Format is csv, xlsx or json." : "Format is csv or xlsx.");
        if (language is not ("zh-CN" or "en")) errors.Add("language", "Language is zh-CN or en.");
        return (format, language != "en");
    }

    /// <summary>A field's value as the office writes it (the import reads every one back).</summary>
    internal static string Value(RetireeProfile p, string field, bool zh) => field switch
    {
        "name" => p.Name,
        "gender" => p.Gender == Gender.Unspecified ? "" : Word(field, p.Gender, zh),
        "birthDate" => Date(p.BirthDate),
        "idNumber" => p.IdNumber ?? "",
        "unit" => p.Unit ?? "",
        "title" => p.Title ?? "",
        "retirementType" => Word(field, p.RetirementType, zh),
        "workStartDate" => Date(p.WorkStartDate),
        "retirementDate" => Date(p.RetirementDate),
        "ethnicity" => p.Ethnicity ?? "",
        "mobile" => p.Mobile,
        "landline" => p.Landline ?? "",
        "address" => p.Address ?? "",
        "city" => p.City ?? "",
        "livesElsewhere" => YesNo(p.LivesElsewhere, zh),
        "area" => p.Area ?? "",
        "living" => p.Living == LivingArrangement.Unknown ? "" : Word(field, p.Living, zh),
        "emptyNest" => YesNo(p.EmptyNest, zh),
        "childless" => YesNo(p.Childless, zh),
        "seriousIllness" => YesNo(p.SeriousIllness, zh),
        "disability" => YesNo(p.Disability, zh),
        "hardship" => YesNo(p.Hardship, zh),
        "healthNotes" => p.HealthNotes ?? "",
        "medicalInsurance" => p.MedicalInsurance ?? "",
        "designatedHospital" => p.DesignatedHospital ?? "",
        "familyDoctor" => p.FamilyDoctor ?? "",
        "partyMember" => YesNo(p.PartyMember, zh),
        "partyJoinDate" => Date(p.PartyJoinDate),
        "partyBranch" => p.PartyBranch ?? "",
        "hobbies" => p.Hobbies ?? "",
        "spouseName" => p.Spouse?.Name ?? "",
        "spousePhone" => p.Spouse?.Phone ?? "",
        "children" => string.Join("；", p.Children.Select(c => c.Phone is { Length: > 0 } ph ? $"{c.Name} {ph}" : c.Name)),
        "emergencyContactName" => p.EmergencyContacts.FirstOrDefault()?.Name ?? "",
        "emergencyContactRelation" => p.EmergencyContacts.FirstOrDefault()?.Relation ?? "",
        "emergencyContactPhone" => p.EmergencyContacts.FirstOrDefault()?.Phone ?? "",
        "notes" => p.Notes ?? "",
        "language" => p.Language,
        "status" => Word(field, p.Status, zh),
        "deceasedOn" => Date(p.DeceasedOn),
        _ => throw new InvalidOperationException($"No export for the field '{field}'."),
    };

    /// <summary>An enum value as the field's choice in that language (the choices list the enum in order, less Unknown/Unspecified).</summary>
    private static string Word<T>(string field, T value, bool zh) where T : struct, Enum
    {
        var f = ImportColumns.Field(field)!;
        var english = Camel(value);
        var at = Array.IndexOf(f.ChoicesEn, english);
        return zh && at >= 0 ? f.ChoicesZh[at] : english;
    }

    private static string YesNo(bool value, bool zh) => zh ? (value ? "是" : "否") : (value ? "yes" : "no");

    private static string Date(DateOnly? d) => d is { } v && v != default ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    private static string Camel<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }
}
