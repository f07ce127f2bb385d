using System.Text.RegularExpressions;

namespace Afterglow.App.Import;

/// <summary>A column an import reads: its field name (the JSON name errors use), its header in each language, the other headers offices write.</summary>
public sealed record ImportField(string Name, string Chinese, string English, string[] Aliases)
{
    /// <summary>The values a person picks from (the template's drop-down list), in Chinese and English; empty for free text.</summary>
    public string[] ChoicesZh { get; init; } = [];
    public string[] ChoicesEn { get; init; } = [];
}

/// <summary>
/// The header table: every field under the names offices give it, in Chinese and English. 序号 and the export's
/// read-only columns are known but not read; anything else is an unknown column for the mapping step.
/// </summary>
public static partial class ImportColumns
{
    /// <summary>What the mapping step sends for a column the office wants left out.</summary>
    public const string Ignore = "ignore";
    /// <summary>The export's record id: a row with it updates that retiree instead of creating one.</summary>
    public const string Id = "id";

    private static readonly string[] YesNoZh = ["是", "否"];
    private static readonly string[] YesNoEn = ["yes", "no"];

    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("name", "姓名", "Name", ["名字", "老同志姓名", "full name"]),
        new("gender", "性别", "Gender", ["sex"]) { ChoicesZh = ["男", "女"], ChoicesEn = ["male", "female"] },
        new("birthDate", "出生日期", "Birth date", ["出生年月", "出生年月日", "出生时间", "生日", "date of birth", "dob", "birthday"]),
        new("idNumber", "身份证号", "ID number", ["身份证号码", "身份证", "公民身份号码", "证件号码", "id no", "id card"]),
        new("unit", "工作单位", "Unit", ["单位", "原单位", "原工作单位", "所在单位", "部门", "department", "work unit"]),
        new("title", "职务职称", "Title", ["职称", "职务", "职级", "rank", "title/rank"]),
        new("retirementType", "离退休类型", "Retirement type", ["离退休类别", "类别", "人员类别", "离休/退休", "type"]) { ChoicesZh = ["退休", "离休"], ChoicesEn = ["retired", "veteran"] },
        new("workStartDate", "参加工作时间", "Work start date", ["参加工作日期", "工作时间", "work start"]),
        new("retirementDate", "离退休时间", "Retirement date", ["退休时间", "离休时间", "退休日期", "离退休日期", "retired on"]),
        new("ethnicity", "民族", "Ethnicity", ["nation", "nationality"]),
        new("phone", "联系电话", "Phone", ["电话", "联系方式", "电话号码", "contact phone", "telephone"]),
        new("mobile", "手机", "Mobile", ["手机号", "手机号码", "移动电话", "mobile phone", "cell phone", "cell"]),
        new("landline", "固定电话", "Landline", ["座机", "家庭电话", "宅电", "住宅电话", "home phone"]),
        new("address", "家庭住址", "Address", ["住址", "现住址", "居住地址", "地址", "家庭地址", "通讯地址", "home address"]),
        new("city", "居住城市", "City", ["城市", "所在城市", "现居住城市"]),
        new("livesElsewhere", "异地居住", "Lives elsewhere", ["异地", "异地养老", "是否异地", "是否异地居住"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("area", "网格", "Area", ["片区", "所在片区", "所在网格"]),
        new("living", "居住情况", "Living arrangement", ["居住状况", "居住方式", "living"]) { ChoicesZh = ["独居", "与配偶", "与子女", "养老机构", "其他"], ChoicesEn = ["alone", "withSpouse", "withChildren", "careHome", "other"] },
        new("emptyNest", "空巢", "Empty nest", ["是否空巢", "空巢老人"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("childless", "无子女", "Childless", ["孤寡", "是否孤寡", "是否无子女"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("seriousIllness", "重病", "Serious illness", ["重大疾病", "是否重病", "大病"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("disability", "失能", "Disability", ["是否失能", "残疾", "失能半失能"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("hardship", "困难", "Hardship", ["困难户", "生活困难", "是否困难"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("healthNotes", "健康状况", "Health notes", ["身体状况", "健康情况", "health"]),
        new("medicalInsurance", "医保类型", "Medical insurance", ["医疗保险", "医保", "医疗保障"]),
        new("designatedHospital", "定点医院", "Designated hospital", ["医保定点医院", "定点医疗机构"]),
        new("familyDoctor", "家庭医生", "Family doctor", ["签约家庭医生", "签约医生"]),
        new("partyMember", "党员", "Party member", ["政治面貌", "是否党员", "中共党员"]) { ChoicesZh = YesNoZh, ChoicesEn = YesNoEn },
        new("partyJoinDate", "入党时间", "Party joining date", ["入党日期", "入党年月"]),
        new("partyBranch", "党支部", "Party branch", ["所在党支部", "支部", "所在支部"]),
        new("hobbies", "兴趣爱好", "Hobbies", ["爱好", "特长"]),
        new("spouseName", "配偶姓名", "Spouse", ["配偶", "爱人", "爱人姓名", "spouse name"]),
        new("spousePhone", "配偶电话", "Spouse phone", ["爱人电话", "配偶联系电话"]),
        new("children", "子女及电话", "Children and phones", ["子女", "子女情况", "子女联系方式", "子女姓名及电话"]),
        new("emergencyContactName", "紧急联系人", "Emergency contact", ["紧急联系人姓名"]),
        new("emergencyContactRelation", "紧急联系人关系", "Emergency contact relation", ["与本人关系", "关系"]),
        new("emergencyContactPhone", "紧急联系人电话", "Emergency contact phone", ["紧急联系电话", "联系人电话"]),
        new("notes", "备注", "Notes", ["说明", "remarks", "remark", "comment"]),
        new("language", "语言", "Language", []) { ChoicesZh = ["zh-CN", "en"], ChoicesEn = ["zh-CN", "en"] },
        new("status", "状态", "Status", ["人员状态"]) { ChoicesZh = ["在册", "住院", "外出", "已故", "归档"], ChoicesEn = ["active", "hospitalised", "away", "deceased", "archived"] },
        new("deceasedOn", "去世日期", "Date of death", ["逝世日期", "去世时间", "逝世时间"]),
    ];

    /// <summary>Headers that are known and never read: the row number, and the columns only an export has.</summary>
    /// <summary>The failed-rows file's column that says what was wrong: known and not read, so the fixed file imports without a mapping step.</summary>
    public const string ErrorHeaderZh = "错误说明";
    public const string ErrorHeaderEn = "import errors";

    private static readonly HashSet<string> NotRead = new HashSet<string>(new[] { "序号", "编号", "no", "no.", "#", "tier", "风险等级", "年龄", "age", ErrorHeaderZh, ErrorHeaderEn }.Select(Normalize), StringComparer.Ordinal);
    private static readonly HashSet<string> IdHeaders = new HashSet<string>(new[] { "id", "系统编号", "记录编号" }.Select(Normalize), StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ByHeader = BuildAliases();

    public static ImportField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>What a header means: a field name, <see cref="Id"/>, <see cref="Ignore"/> for 序号 and the like, or null when unknown.</summary>
    public static string? Match(string header)
    {
        var key = Normalize(header);
        if (key.Length == 0) return Ignore;
        if (IdHeaders.Contains(key)) return Id;
        if (NotRead.Contains(key)) return Ignore;
        return ByHeader.GetValueOrDefault(key);
    }

    /// <summary>The header row: the first of the first rows where two or more cells name known fields (a title row may come first), else one.</summary>
    public static int FindHeader(IReadOnlyList<ImportRow> rows)
    {
        var searched = rows.Take(ImportLimits.HeaderSearchRows).Select(r => r.Cells.Count(c => Match(c) is { } m && m != Ignore)).ToList();
        var index = searched.FindIndex(n => n >= 2);
        return index >= 0 ? index : searched.FindIndex(n => n == 1);
    }

    /// <summary>Trimmed, lower case, without spaces, required-marks (*) and notes in brackets: "手机号码（必填）" → "手机号码".</summary>
    public static string Normalize(string header)
    {
        var s = Brackets().Replace(header, "");
        s = new string(s.Where(c => !char.IsWhiteSpace(c) && c is not ('*' or '＊' or ':' or '：')).ToArray());
        return s.ToLowerInvariant();
    }

    private static Dictionary<string, string> BuildAliases()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Fields)
            foreach (var h in new[] { f.Name, f.Chinese, f.English }.Concat(f.Aliases))
                map.TryAdd(Normalize(h), f.Name);
        return map;
    }

    [GeneratedRegex(@"[（(\[【].*?[）)\]】]")]
    private static partial Regex Brackets();
}
