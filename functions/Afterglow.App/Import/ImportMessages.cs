using System.Text.RegularExpressions;

namespace Afterglow.App.Import;

/// <summary>
/// The import's row messages in the office's language, for the failed-rows file a person fixes in Excel. The API
/// answers in English (the dashboard translates those it shows); a file leaves the dashboard, so it is written
/// in Chinese here. A message without a rule stays as the server wrote it: specific and correct, only English.
/// </summary>
public static partial class ImportMessages
{
    private static readonly (Regex Pattern, Func<Match, string> Zh)[] Rules =
    [
        (R(@"^'(.*)' gives the month but not the day; complete the date \(e\.g\. (.*)\)\.$"), m => $"“{m.Groups[1].Value}”只有年月，没有日，请补全日期（如 {m.Groups[2].Value}）。"),
        (R(@"^'(.*)' is not a date \(e\.g\. .*\)\.$"), m => $"“{m.Groups[1].Value}”不是日期（可写作 1942-03-05、1942年3月5日、1942.3.5 或 19420305）。"),
        (R(@"^'(.*)' is not yes or no \(是/否\)\.$"), m => $"“{m.Groups[1].Value}”应为“是”或“否”。"),
        (R(@"^'(.*)' is not one of: (.*)\.$"), m => $"“{m.Groups[1].Value}”不是可选的值，应为：{m.Groups[2].Value}。"),
        (R(@"^'(.*)' is not a valid phone number \(default region (\w+)\); a mobile number is needed here.*$"), m => $"“{m.Groups[1].Value}”不是有效的手机号码（此处需要能收短信的手机号）。"),
        (R(@"^'(.*)' is not a valid phone number \(default region (\w+)\); a fixed line is needed here.*$"), m => $"“{m.Groups[1].Value}”不是有效的固定电话号码。"),
        (R(@"^'(.*)' is not a valid phone number.*$"), m => $"“{m.Groups[1].Value}”不是有效的电话号码。"),
        (R(@"^This field is required\.$"), _ => "此项必填。"),
        (R(@"^Enter the birth date \(YYYY-MM-DD\)\.$"), _ => "请填写出生日期（年-月-日）。"),
        (R(@"^The birth date is in the future\.$"), _ => "出生日期晚于今天。"),
        (R(@"^An age over (\d+) is not possible; check the year\.$"), m => $"年龄不可能超过 {m.Groups[1].Value} 岁，请检查年份。"),
        (R(@"^Enter a mobile number, or a landline if they have no mobile.*$"), _ => "请填写手机号码；没有手机的，请填写固定电话（签到改为电话联系）。"),
        (R(@"^The ID number's check character is wrong; check for a typo\.$"), _ => "身份证号校验位不正确，请检查是否输错。"),
        (R(@"^The ID number says born (\S+), not (\S+)\.$"), m => $"身份证号显示出生日期为 {m.Groups[1].Value}，而不是 {m.Groups[2].Value}。"),
        (R(@"^This ID number is already registered; choose update or skip\.$"), _ => "该身份证号已登记，请选择“更新”或“跳过”。"),
        (R(@"^This ID number is already on line (\d+); choose update or skip\.$"), m => $"该身份证号与第 {m.Groups[1].Value} 行相同，请选择“更新”或“跳过”。"),
        (R(@"^Registered by someone else during the import; not written\.$"), _ => "导入期间他人已登记此身份证号，本行未写入。"),
        (R(@"^Another retiree has this ID number\.$"), _ => "另一位人员已使用此身份证号。"),
        (R(@"^The retiree was removed during the import\.$"), _ => "导入期间该人员已被删除。"),
        (R(@"^The record kept changing during the import; not updated\.$"), _ => "导入期间该档案不断被修改，未更新。"),
        (R(@"^No retiree with the id '(.*)' in the registry\.$"), m => $"系统中没有编号为“{m.Groups[1].Value}”的人员。"),
        (R(@"^This row has values beyond the (\d+) columns the header names\.$"), m => $"本行的内容超出了表头的 {m.Groups[1].Value} 列。"),
        (R(@"^At most (\d+) characters\.$"), m => $"最多 {m.Groups[1].Value} 个字符。"),
        (R(@"^At most (\d+) children\.$"), m => $"最多 {m.Groups[1].Value} 名子女。"),
        (R(@"^The date is in the future\.$"), _ => "日期晚于今天。"),
        (R(@"^The date is before the birth date\.$"), _ => "日期早于出生日期。"),
        (R(@"^Enter the date of death\.$"), _ => "请填写去世日期。"),
        (R(@"^The date of death is in the future\.$"), _ => "去世日期晚于今天。"),
        (R(@"^The date of death is before the birth date\.$"), _ => "去世日期早于出生日期。"),
        (R(@"^Only a deceased retiree has a date of death\.$"), _ => "只有已故人员才有去世日期。"),
        (R(@"^Language is zh-CN or en\.$"), _ => "语言应为 zh-CN 或 en。"),
    ];

    public static string In(string message, bool zh)
    {
        if (!zh) return message;
        foreach (var (pattern, translate) in Rules)
            if (pattern.Match(message) is { Success: true } m) return translate(m);
        return message;
    }

    private static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant);
}
