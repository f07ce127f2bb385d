using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Import;

/// <summary>Imports of real office files through the API, on Azurite: what is written, what is asked, what is refused.</summary>
public class ImportApiTests(AppFactory app) : AppTests(app)
{
    private static MultipartFormDataContent Form(byte[] file, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    private async Task<int> TotalAsync(HttpClient c) => (await (await c.GetAsync("/api/retirees?pageSize=1")).JsonAsync())["total"]!.GetValue<int>();

    private static async Task<JsonObject> OkAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task A_gbk_csv_with_office_headers_imports_every_date_form_and_flags_the_month_only_one()
    {
        var admin = await App.AdminAsync();
        var file = ImportFileTests.File("gbk-chinese-headers.csv");
        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=true", Form(file, "名册.csv")));
        Assert.Contains("GB18030/GBK", dry["readAs"]!.GetValue<string>());
        var columns = dry["columns"]!.AsArray().ToDictionary(c => c!["header"]!.GetValue<string>(), c => c!["how"]!.GetValue<string>());
        Assert.Equal("ignored", columns["序号"]);
        Assert.All(new[] { "姓名", "出生年月", "联系电话", "工作单位", "家庭住址", "备注" }, h => Assert.Equal("known", columns[h]));
        Assert.Equal(7, dry["rows"]!.GetValue<int>());
        Assert.Equal(6, dry["valid"]!.GetValue<int>());
        var error = Assert.Single(dry["errors"]!.AsArray());
        Assert.Equal((8, "birthDate"), (error!["line"]!.GetValue<int>(), error["field"]!.GetValue<string>()));
        Assert.Contains("month", error["message"]!.GetValue<string>());

        var done = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(file, "名册.csv")));
        Assert.Equal(6, done["imported"]!.GetValue<int>());
        var list = await (await admin.GetAsync("/api/retirees?pageSize=200&q=" + Uri.EscapeDataString("张德明"))).JsonAsync();
        var id = list["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "张德明")!["id"]!.GetValue<string>();
        var profile = (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!;
        Assert.Equal("1942-03-05", profile["birthDate"]!.GetValue<string>());
        Assert.Equal("+862787650003", profile["landline"]!.GetValue<string>()); // 联系电话 with a landline number
        Assert.Equal("数学系", profile["unit"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_column_goes_to_the_mapping_step_and_the_mapping_is_remembered()
    {
        var admin = await App.AdminAsync();
        var csv = Encoding.UTF8.GetBytes("姓名,出生日期,手机,爱人单位,鞋码\r\n映射甲,1950-01-01,13800009001,图书馆,42\r\n");
        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(csv, "a.csv")));
        Assert.Equal(["爱人单位", "鞋码"], dry["columns"]!.AsArray().Where(c => c!["how"]!.GetValue<string>() == "unknown").Select(c => c!["header"]!.GetValue<string>()));
        Assert.Equal(1, dry["valid"]!.GetValue<int>());

        var before = await TotalAsync(admin);
        var unmapped = await admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "a.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, unmapped.StatusCode);
        Assert.Contains("鞋码", (await unmapped.ErrorsAsync())["mapping"]![0]!.GetValue<string>());
        Assert.Equal(before, await TotalAsync(admin));

        var badField = await admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "a.csv", ("mapping", """{"鞋码":"shoeSize"}""")));
        Assert.True((await badField.ErrorsAsync()).ContainsKey("mapping.鞋码"));

        var mapping = """{"爱人单位":"notes","鞋码":"ignore"}""";
        var done = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "a.csv", ("mapping", mapping))));
        Assert.Equal(1, done["imported"]!.GetValue<int>());

        // The next file with the same headers needs no mapping.
        var next = Encoding.UTF8.GetBytes("姓名,出生日期,手机,爱人单位,鞋码\r\n映射乙,1950-01-02,13800009002,后勤,40\r\n");
        var again = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(next, "b.csv")));
        var how = again["columns"]!.AsArray().ToDictionary(c => c!["header"]!.GetValue<string>(), c => (c!["how"]!.GetValue<string>(), c["field"]?.GetValue<string>()));
        Assert.Equal(("remembered", "notes"), how["爱人单位"]);
        Assert.Equal(("ignored", "ignore"), how["鞋码"]);
    }

    [Fact]
    public async Task Duplicates_in_the_file_and_the_registry_are_shown_and_follow_the_choice()
    {
        var admin = await App.AdminAsync();
        var first = Encoding.UTF8.GetBytes("姓名,出生日期,手机\r\n重复甲,1945-05-05,13800010001\r\n重复乙,1946-06-06,13800010002\r\n");
        Assert.Equal(2, (await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(first, "1.csv"))))["imported"]!.GetValue<int>());

        // Line 2: same name and birth date as a registered person; line 3: same mobile; line 4 and 5: the same new person twice.
        var second = Encoding.UTF8.GetBytes("姓名,出生日期,手机,备注\r\n重复甲,1945-05-05,13800010011,更新了\r\n别人,1950-01-01,13800010002,\r\n新人,1951-01-01,13800010003,\r\n新人,1951-01-01,13800010004,\r\n");
        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(second, "2.csv")));
        var dups = dry["duplicates"]!.AsArray().ToDictionary(d => d!["line"]!.GetValue<int>(), d => d!);
        Assert.Equal("nameAndBirthDate", dups[2]["reason"]!.GetValue<string>());
        Assert.NotNull(dups[2]["retireeId"]);
        Assert.Equal("mobile", dups[3]["reason"]!.GetValue<string>());
        Assert.Equal(4, dups[5]["otherLine"]!.GetValue<int>());
        Assert.All(dups.Values, d => Assert.Equal("skip", d["choice"]!.GetValue<string>()));

        var before = await TotalAsync(admin);
        var done = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false",
            Form(second, "2.csv", ("duplicates", "skip"), ("choices", """{"2":"update","3":"create"}"""))));
        Assert.Equal(2, done["imported"]!.GetValue<int>()); // 别人 (created anyway) and the first 新人
        Assert.Equal(1, done["updated"]!.GetValue<int>());
        Assert.Equal(1, done["skipped"]!.GetValue<int>());
        Assert.Equal(before + 2, await TotalAsync(admin));
        var id = dups[2]["retireeId"]!.GetValue<string>();
        var profile = (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!;
        Assert.Equal("更新了", profile["notes"]!.GetValue<string>());
        Assert.Equal("+8613800010011", profile["mobile"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_imported_again_updates_the_same_records()
    {
        var admin = await App.AdminAsync();
        var csv = Encoding.UTF8.GetBytes("姓名,出生日期,手机,单位\r\n导出甲,1944-04-04,13800011001,导出测试\r\n导出乙,1944-04-05,13800011002,导出测试\r\n");
        await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "x.csv")));
        var before = await TotalAsync(admin);
        var export = await (await admin.GetAsync("/api/retirees/export?unit=" + Uri.EscapeDataString("导出测试"))).Content.ReadAsByteArrayAsync();
        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(export, "export.csv")));
        Assert.Equal("known", dry["columns"]!.AsArray().Single(c => c!["header"]!.GetValue<string>() == "id")!["how"]!.GetValue<string>());
        var done = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(export, "export.csv")));
        Assert.Equal(0, done["imported"]!.GetValue<int>());
        Assert.Equal(2, done["updated"]!.GetValue<int>());
        Assert.Equal(before, await TotalAsync(admin));
    }

    [Fact]
    public async Task The_same_file_imported_twice_at_once_is_written_once()
    {
        var admin = await App.AdminAsync();
        var rows = string.Join("\r\n", Enumerable.Range(0, 150).Select(i => $"并发{i:D3},1950-01-01,1380012{i:D4}"));
        var csv = Encoding.UTF8.GetBytes("姓名,出生日期,手机\r\n" + rows + "\r\n");
        var before = await TotalAsync(admin);
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "same.csv"))));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Equal(before + 150, await TotalAsync(admin));
        // Sent again afterwards: the first import's report, nothing written.
        var repeat = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "same.csv")));
        Assert.True(repeat["repeated"]!.GetValue<bool>());
        Assert.Equal(before + 150, await TotalAsync(admin));
    }

    [Theory]
    [InlineData("zip-bomb.xlsx", "file")]
    [InlineData("binary-renamed.csv", "file")]
    [InlineData("windows-1252.csv", "file")]
    [InlineData("formula-without-value.xlsx", "file")]
    [InlineData("only-empty-rows.xlsx", "file")]
    [InlineData("several-sheets.xlsx", "sheet")]
    public async Task Bad_files_are_problem_details_naming_the_issue_and_nothing_is_stored(string file, string field)
    {
        var admin = await App.AdminAsync();
        var before = await TotalAsync(admin);
        var response = await admin.PostAsync("/api/retirees/import?dryRun=false", Form(ImportFileTests.File(file), file));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.True(body["errors"]!.AsObject().ContainsKey(field), body.ToJsonString());
        if (field == "sheet") Assert.Equal(2, body["sheets"]!.AsArray().Count);
        Assert.Equal(before, await TotalAsync(admin));
    }

    [Fact]
    public async Task A_roster_workbook_with_a_title_row_imports_and_names_its_hidden_row()
    {
        var admin = await App.AdminAsync();
        var file = ImportFileTests.File("roster-title-merged-hidden.xlsx");
        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(file, "roster.xlsx")));
        Assert.Equal(3, dry["headerLine"]!.GetValue<int>());
        Assert.Equal([7], dry["hiddenRows"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(4, dry["valid"]!.GetValue<int>()); // rows 4, 5, 6 and 8; row 7 is hidden
        Assert.Empty(dry["errors"]!.AsArray());
        var multi = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(ImportFileTests.File("several-sheets.xlsx"), "s.xlsx", ("sheet", "退休"))));
        Assert.Equal(2, multi["valid"]!.GetValue<int>());
        Assert.Equal("退休", multi["sheet"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_volunteer_may_not_import_and_anonymous_callers_must_sign_in()
    {
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        var csv = Encoding.UTF8.GetBytes("姓名,出生日期,手机\r\n志愿者,1950-01-01,13800013001\r\n");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.PostAsync("/api/retirees/import?dryRun=false", Form(csv, "v.csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsync("/api/retirees/import?dryRun=false", Form(csv, "v.csv"))).StatusCode);
    }
}
