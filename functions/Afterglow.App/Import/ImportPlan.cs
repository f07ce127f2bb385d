using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Import;

/// <summary>What the office asked for: column mappings (header → field or "ignore"), the choice for all duplicates, and per line.</summary>
public sealed record ImportChoices(IReadOnlyDictionary<string, string> Mapping, string? ForAll, IReadOnlyDictionary<int, string> PerLine);

/// <summary>
/// A table turned into what an import would do, without writing: the header found and each column's meaning,
/// rows as checked profiles, duplicates (same ID number, same name and birth date, same mobile — in the registry
/// or earlier in the file) with the choice that applies, and the errors by line and field.
/// </summary>
public sealed class ImportPlan
{
    public List<ImportColumn> Columns { get; } = [];
    public List<ImportError> Errors { get; } = [];
    public List<ImportDuplicate> Duplicates { get; } = [];
    public List<(int Line, RetireeProfile Profile)> Creates { get; } = [];
    public List<(int Line, string RetireeId, Dictionary<string, string> Values)> Updates { get; } = [];
    public List<string> Unmapped { get; } = [];
    public int HeaderLine { get; private set; }
    public int Rows { get; private set; }
    public int Skipped { get; private set; }
    public bool HeaderProblem { get; private set; }

    public static ImportPlan Make(ImportTable table, ImportChoices choices, IReadOnlyDictionary<string, string> remembered,
        IReadOnlyList<RetireeSummary> registry, PhoneNumberRules phones, DateOnly today)
    {
        var plan = new ImportPlan();
        var headerIndex = ImportColumns.FindHeader(table.Rows);
        if (headerIndex < 0)
            throw new ImportRefused("file", $"No header row was found in the first {ImportLimits.HeaderSearchRows} rows: a header names the columns, e.g. 姓名, 出生日期, 手机 (or name, birthDate, mobile).");
        var header = table.Rows[headerIndex];
        plan.HeaderLine = header.Line;
        var data = table.Rows.Skip(headerIndex + 1).ToList();
        var fields = plan.ReadHeader(header, data, choices, remembered);
        if (plan.HeaderProblem) return plan;

        var byId = registry.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var byIdNumber = registry.Where(s => s.IdNumber is not null).GroupBy(s => s.IdNumber!.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
        var byNameBirth = registry.GroupBy(s => (s.Name, s.BirthDate)).ToDictionary(g => g.Key, g => g.First());
        var byMobile = registry.Where(s => s.Mobile.Length > 0).GroupBy(s => s.Mobile).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var row in data)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Length && i < row.Cells.Length; i++)
                if (fields[i] is { } f && f != ImportColumns.Ignore) values[f] = row.Cells[i].Trim();
            if (values.Values.All(v => v.Length == 0) && row.Cells.All(c => c.Trim().Length == 0)) continue;
            plan.Rows++;
            if (row.Cells.Skip(fields.Length).Any(c => c.Trim().Length > 0))
            {
                plan.Errors.Add(new(row.Line, "row", $"This row has values beyond the {fields.Length} columns the header names."));
                continue;
            }

            // A row carrying an exported id updates that record.
            if (values.GetValueOrDefault(ImportColumns.Id) is { Length: > 0 } id)
            {
                if (!byId.TryGetValue(id, out var target)) { plan.Errors.Add(new(row.Line, "id", $"No retiree with the id '{id}' in the registry.")); continue; }
                if (plan.Check(row.Line, Start(target), values, phones, today) is null) continue;
                plan.Updates.Add((row.Line, id, values));
                continue;
            }
            if (plan.Check(row.Line, new RetireeProfile(), values, phones, today) is not { } profile) continue;

            var keys = Keys(profile);
            var match = profile.IdNumber is { } idn && byIdNumber.TryGetValue(idn, out var a) ? (a, "idNumber")
                : byNameBirth.TryGetValue((profile.Name, profile.BirthDate), out var b) ? (b, "nameAndBirthDate")
                : profile.Mobile.Length > 0 && byMobile.TryGetValue(profile.Mobile, out var c) ? (c, "mobile") : default;
            var earlier = keys.Select(k => (k.Reason, Line: seen.GetValueOrDefault(k.Key))).FirstOrDefault(k => k.Line > 0);
            foreach (var k in keys) seen.TryAdd(k.Key, row.Line);

            if (match.Item1 is null && earlier.Line == 0) { plan.Creates.Add((row.Line, profile)); continue; }
            var choice = choices.PerLine.GetValueOrDefault(row.Line) ?? choices.ForAll ?? DuplicateChoice.Skip;
            plan.Duplicates.Add(new(row.Line, profile.Name, match.Item1 is not null ? match.Item2 : earlier.Reason, match.Item1?.Id, match.Item1?.Name,
                match.Item1 is null ? earlier.Line : null, choice));
            if (choice == DuplicateChoice.Skip) plan.Skipped++;
            else if (choice == DuplicateChoice.Create && (match.Item2 == "idNumber" || earlier.Reason == "idNumber"))
                plan.Errors.Add(new(row.Line, "idNumber", "This ID number is already " + (match.Item1 is not null ? "registered" : $"on line {earlier.Line}") + "; choose update or skip."));
            else if (choice == DuplicateChoice.Create) plan.Creates.Add((row.Line, profile));
            else if (match.Item1 is not null) plan.Updates.Add((row.Line, match.Item1.Id, values));
            else
            {
                // Update within the file: this later row replaces the earlier one.
                var at = plan.Creates.FindIndex(x => x.Line == earlier.Line);
                if (at >= 0) plan.Creates[at] = (earlier.Line, profile); else plan.Creates.Add((row.Line, profile));
            }
        }
        plan.Errors.Sort((x, y) => x.Line != y.Line ? x.Line.CompareTo(y.Line) : string.CompareOrdinal(x.Field, y.Field));
        return plan;
    }

    private string?[] ReadHeader(ImportRow header, List<ImportRow> data, ImportChoices choices, IReadOnlyDictionary<string, string> remembered)
    {
        var fields = new string?[header.Cells.Length];
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var text = header.Cells[i].Trim();
            var key = ImportColumns.Normalize(text);
            string? field; string how;
            if (choices.Mapping.TryGetValue(text, out var asked)) (field, how) = (asked, asked == ImportColumns.Ignore ? "ignored" : "mapped");
            else if (ImportColumns.Match(text) is { } known) (field, how) = (known, known == ImportColumns.Ignore ? "ignored" : "known");
            else if (remembered.TryGetValue(key, out var kept)) (field, how) = (kept, kept == ImportColumns.Ignore ? "ignored" : "remembered");
            else { (field, how) = (null, "unknown"); Unmapped.Add(text); }
            if (field is not null && field != ImportColumns.Ignore && fields.Contains(field))
            {
                Errors.Add(new(header.Line, text, $"Two columns are read as '{field}'; map one of them to another field or ignore it."));
                HeaderProblem = true;
            }
            fields[i] = field;
            var samples = data.Take(50).Select(r => i < r.Cells.Length ? r.Cells[i].Trim() : "").Where(s => s.Length > 0).Distinct().Take(3).ToList();
            Columns.Add(new(i, text, field, how, samples));
        }
        var hasId = fields.Contains(ImportColumns.Id);
        foreach (var required in new[] { "name", "birthDate" })
            if (!hasId && !fields.Contains(required)) { Errors.Add(new(header.Line, required, $"The column '{required}' ({ImportColumns.Field(required)!.Chinese}) is required.")); HeaderProblem = true; }
        if (!hasId && !fields.Any(f => f is "mobile" or "landline" or "phone"))
        {
            Errors.Add(new(header.Line, "mobile", "The column 'mobile' (手机) is required (or 'landline'/固定电话 for retirees without a mobile)."));
            HeaderProblem = true;
        }
        return fields;
    }

    /// <summary>The row applied to <paramref name="start"/> and checked; null (with its errors added) when it cannot be written.</summary>
    private RetireeProfile? Check(int line, RetireeProfile start, Dictionary<string, string> values, PhoneNumberRules phones, DateOnly today)
    {
        var rowErrors = new FieldErrors();
        var profile = ImportValues.Apply(start, values, phones, rowErrors);
        var (clean, validation) = RetireeValidation.Validate(profile, phones, today);
        // A value that could not be read is named once, not again as missing.
        var unread = rowErrors.All.Select(e => e.Field).ToHashSet();
        foreach (var (field, message) in rowErrors.All.Concat(validation.All.Where(e => !unread.Contains(e.Field))))
            Errors.Add(new ImportError(line, ColumnOf(field), message));
        return rowErrors.Any || validation.Any ? null : clean;
    }

    /// <summary>What an update row is checked against in the dry run: the identity the registry index knows.</summary>
    private static RetireeProfile Start(RetireeSummary s) =>
        new() { Name = s.Name, BirthDate = s.BirthDate, Mobile = s.Mobile, Landline = s.Landline, IdNumber = s.IdNumber };

    private static List<(string Key, string Reason)> Keys(RetireeProfile p)
    {
        var keys = new List<(string, string)>();
        if (p.IdNumber is { } idn) keys.Add(("i:" + idn.ToUpperInvariant(), "idNumber"));
        keys.Add(($"n:{p.Name}|{p.BirthDate:yyyy-MM-dd}", "nameAndBirthDate"));
        if (p.Mobile.Length > 0) keys.Add(("m:" + p.Mobile, "mobile"));
        return keys;
    }

    /// <summary>A validation field such as emergencyContacts[0].phone named as its column.</summary>
    private static string ColumnOf(string field) => field switch
    {
        "emergencyContacts[0].name" => "emergencyContactName",
        "emergencyContacts[0].phone" => "emergencyContactPhone",
        "emergencyContacts[0].relation" => "emergencyContactRelation",
        "spouse.name" => "spouseName",
        "spouse.phone" => "spousePhone",
        _ when field.StartsWith("children[", StringComparison.Ordinal) => "children",
        _ => field,
    };
}
