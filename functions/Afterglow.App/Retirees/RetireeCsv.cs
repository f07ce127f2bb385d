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

/// <summary>
/// CSV export (UTF-8 with BOM so Excel opens Chinese text). Its id column makes a re-import update the same
/// records (Import/ImportPlan); the import reads these headers and the office's own (Import/ImportColumns).
/// </summary>
public static class RetireeCsv
{
    public const long MaxImportBytes = Import.ImportLimits.MaxFileBytes;

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
