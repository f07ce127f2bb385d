using System.Globalization;
using System.Text;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Retirees;

public sealed record ImportError(int Line, string Field, string Message);
public sealed record ImportReport(bool DryRun, int Rows, int Valid, int Imported, IReadOnlyList<ImportError> Errors);

/// <summary>
/// CSV import (dry run first: every bad row by line and field, nothing written) and export (UTF-8 with BOM so
/// Excel opens Chinese text). Headers are the English column names below or the office's Chinese ones.
/// </summary>
public static class RetireeCsv
{
    public const long MaxImportBytes = 10 * 1024 * 1024;

    // Column → Chinese header. The English names are also the JSON field names the errors use.
    private static readonly (string Column, string Chinese)[] Columns =
    [
        ("name", "姓名"), ("gender", "性别"), ("birthDate", "出生日期"), ("idNumber", "身份证号"), ("unit", "单位"),
        ("retirementType", "离退休类型"), ("mobile", "手机"), ("landline", "固定电话"), ("address", "住址"), ("city", "城市"),
        ("livesElsewhere", "异地居住"), ("area", "网格"), ("living", "居住情况"), ("emptyNest", "空巢"), ("childless", "无子女"),
        ("seriousIllness", "重病"), ("disability", "失能"), ("hardship", "困难"), ("partyBranch", "党支部"), ("language", "语言"),
        ("status", "状态"), ("emergencyContactName", "紧急联系人"), ("emergencyContactRelation", "紧急联系人关系"),
        ("emergencyContactPhone", "紧急联系人电话"),
    ];

    private static readonly Dictionary<string, string> Aliases = Columns
        .SelectMany(c => new[] { (c.Column, c.Column), (c.Chinese, c.Column) })
        .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>Columns an export adds that an import reads past, so an exported file can be imported again.</summary>
    private static readonly HashSet<string> ExportOnly = new(StringComparer.OrdinalIgnoreCase) { "id", "tier" };

    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["男"] = "male", ["女"] = "female", ["退休"] = "retired", ["离休"] = "veteran",
        ["独居"] = "alone", ["与配偶"] = "withSpouse", ["与子女"] = "withChildren", ["养老机构"] = "careHome", ["其他"] = "other",
        ["在册"] = "active", ["住院"] = "hospitalised", ["外出"] = "away", ["已故"] = "deceased", ["归档"] = "archived",
    };

    public static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        HttpRequest request, RetireeStore store, CarePlanner planner, RegistryIndex index, PhoneNumberRules phones, OfficeClock clock, AuditLog audit, HttpContext http,
        CancellationToken ct, bool dryRun = true)
    {
        string text;
        if (request.HasFormContentType)
        {
            var form = await Forms.ReadAsync(request, ct);
            if (form.Files.GetFile("file") is not { } file)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file as 'file'."] });
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }
        if (string.IsNullOrWhiteSpace(text))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The CSV is empty."] });

        await index.EnsureCurrentAsync(ct);
        var (rows, errors) = Parse(text, phones, clock.Today);

        // ID numbers must be unique in the registry and within the file.
        var taken = index.All.Where(s => s.IdNumber is not null).Select(s => s.IdNumber!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var valid = new List<RetireeProfile>();
        foreach (var (line, profile) in rows)
        {
            if (profile.IdNumber is { } idn && (taken.Contains(idn) || !seen.Add(idn)))
            {
                errors.Add(new ImportError(line, "idNumber", taken.Contains(idn) ? "This ID number is already registered." : "This ID number appears twice in the file."));
                continue;
            }
            valid.Add(profile);
        }
        errors.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Field, b.Field));
        var total = rows.Count + errors.Select(e => e.Line).Distinct().Count(l => rows.All(r => r.Line != l));

        // An import with nothing to write is a bad file, answered as a problem naming each row (a check still gets its report).
        if (!dryRun && valid.Count == 0)
            return TypedResults.ValidationProblem(errors.GroupBy(e => $"rows[{e.Line}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "Nothing in the file can be imported.");

        var imported = 0;
        if (!dryRun && valid.Count > 0)
        {
            var caller = Caller.From(http.User);
            var (written, failed) = await store.CreateManyAsync(valid, caller, ct, planner.PlanNewAsync);
            imported = written;
            foreach (var f in failed)
                errors.Add(new ImportError(rows.First(r => ReferenceEquals(r.Profile, f)).Line, "idNumber", "Registered by someone else during the import; not written."));
            await audit.RecordAsync(caller, "retiree.importFile", null, $"Imported {written} of {total} rows", ct);
        }
        return TypedResults.Ok(new ImportReport(dryRun, total, valid.Count, imported, errors));
    }

    /// <summary>Each row becomes a valid profile, or errors naming its line and column.</summary>
    public static (List<(int Line, RetireeProfile Profile)> Rows, List<ImportError> Errors) Parse(string text, PhoneNumberRules phones, DateOnly today)
    {
        var rows = new List<(int, RetireeProfile)>();
        var errors = new List<ImportError>();
        using var records = Csv.Read(text).GetEnumerator();
        if (!records.MoveNext())
        {
            errors.Add(new ImportError(1, "header", "The first line must name the columns."));
            return (rows, errors);
        }
        var header = records.Current.Fields;
        var columns = new string?[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            if (Aliases.TryGetValue(header[i].Trim(), out var col)) columns[i] = col;
            else if (ExportOnly.Contains(header[i].Trim())) columns[i] = null;
            else errors.Add(new ImportError(1, header[i], $"Unknown column '{header[i]}'. Known: {string.Join(", ", Columns.Select(c => c.Column))}."));
        }
        foreach (var required in new[] { "name", "birthDate" })
            if (!columns.Contains(required)) errors.Add(new ImportError(1, required, $"The column '{required}' is required."));
        if (!columns.Contains("mobile") && !columns.Contains("landline"))
            errors.Add(new ImportError(1, "mobile", "The column 'mobile' is required (or 'landline' for retirees without a mobile)."));
        if (errors.Count > 0) return (rows, errors);

        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length && i < fields.Length; i++)
                if (columns[i] is not null && !string.IsNullOrWhiteSpace(fields[i])) values[columns[i]!] = fields[i].Trim();
            if (values.Count == 0) continue;
            if (fields.Length > columns.Length) errors.Add(new ImportError(line, "row", $"This row has {fields.Length} fields; the header has {columns.Length}."));

            var rowErrors = new FieldErrors();
            var profile = ToProfile(values, rowErrors);
            var (clean, validation) = RetireeValidation.Validate(profile, phones, today);
            foreach (var (field, message) in rowErrors.All.Concat(validation.All))
                errors.Add(new ImportError(line, ColumnOf(field), message));
            if (!rowErrors.Any && !validation.Any && fields.Length <= columns.Length) rows.Add((line, clean));
        }
        return (rows, errors);
    }

    private static RetireeProfile ToProfile(Dictionary<string, string> v, FieldErrors errors)
    {
        string? S(string k) => v.TryGetValue(k, out var s) ? s : null;
        T E<T>(string k, T fallback) where T : struct, Enum
        {
            var s = S(k);
            if (s is null) return fallback;
            if (Words.TryGetValue(s, out var w)) s = w;
            if (Enum.TryParse<T>(s, true, out var e) && !int.TryParse(s, out _)) return e;
            errors.Add(k, $"'{v[k]}' is not one of: {string.Join(", ", Enum.GetNames<T>())}.");
            return fallback;
        }
        bool B(string k)
        {
            var s = S(k);
            if (s is null) return false;
            if (s is "1" or "是" or "yes" or "Yes" or "true" or "True" or "TRUE" or "Y" or "y") return true;
            if (s is "0" or "否" or "no" or "No" or "false" or "False" or "FALSE" or "N" or "n") return false;
            errors.Add(k, $"'{s}' is not yes or no (是/否).");
            return false;
        }

        DateOnly birth = default;
        if (S("birthDate") is { } bd && !DateOnly.TryParseExact(bd, ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out birth))
            errors.Add("birthDate", $"'{bd}' is not a date (YYYY-MM-DD).");

        var contacts = S("emergencyContactName") is { } cn
            ? new List<EmergencyContact> { new(cn, S("emergencyContactRelation"), S("emergencyContactPhone") ?? "") }
            : [];
        return new RetireeProfile
        {
            Name = S("name") ?? "",
            Gender = E("gender", Gender.Unspecified),
            BirthDate = birth,
            IdNumber = S("idNumber"),
            Unit = S("unit"),
            RetirementType = E("retirementType", RetirementType.Retired),
            Mobile = S("mobile") ?? "",
            Landline = S("landline"),
            Address = S("address"),
            City = S("city"),
            LivesElsewhere = B("livesElsewhere"),
            Area = S("area"),
            Living = E("living", LivingArrangement.Unknown),
            EmptyNest = B("emptyNest"),
            Childless = B("childless"),
            SeriousIllness = B("seriousIllness"),
            Disability = B("disability"),
            Hardship = B("hardship"),
            PartyBranch = S("partyBranch"),
            Language = S("language") ?? "zh-CN",
            Status = E("status", RetireeStatus.Active),
            EmergencyContacts = contacts,
        };
    }

    /// <summary>A validation field such as emergencyContacts[0].phone named as its CSV column.</summary>
    private static string ColumnOf(string field) => field switch
    {
        "emergencyContacts[0].name" => "emergencyContactName",
        "emergencyContacts[0].phone" => "emergencyContactPhone",
        "emergencyContacts[0].relation" => "emergencyContactRelation",
        _ => field,
    };

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, RegistryIndex index, RetireeStore store, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (filter, errors) = RetireeFilter.FromQuery(request.Query);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        await index.EnsureCurrentAsync(ct);
        var caller = Caller.From(http.User);
        var ids = filter.Apply(index.All, caller, clock.Today).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var retirees = (await store.ReadManyAsync(ids, ct)).OrderBy(r => r.Profile.Name, StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), true));

        var builder = new StringBuilder();
        builder.Append(Csv.Line(Columns.Select(c => c.Column).Append("id").Append("tier"))).Append("\r\n");
        foreach (var r in retirees)
        {
            var p = r.Profile;
            var c = p.EmergencyContacts.FirstOrDefault();
            var values = new object?[]
            {
                p.Name, Camel(p.Gender), p.BirthDate.ToString("yyyy-MM-dd"), p.IdNumber, p.Unit, Camel(p.RetirementType), p.Mobile, p.Landline,
                p.Address, p.City, p.LivesElsewhere, p.Area, Camel(p.Living), p.EmptyNest, p.Childless, p.SeriousIllness, p.Disability,
                p.Hardship, p.PartyBranch, p.Language, Camel(p.Status), c?.Name, c?.Relation, c?.Phone, r.Id, Camel(r.Tier),
            };
            builder.Append(Csv.Line(values.Select(v => v switch { bool b => b ? "true" : "false", null => "", _ => v.ToString() }))).Append("\r\n");
        }
        await audit.RecordAsync(caller, "retiree.export", null, $"Exported {ids.Count} retirees ({request.QueryString})", ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"retirees-{clock.Today:yyyyMMdd}.csv");
    }

    private static string Camel<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }
}
