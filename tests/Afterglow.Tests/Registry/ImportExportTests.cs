using System.Net;
using System.Text;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

public class ImportExportTests(AppFactory app) : AppTests(app)
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_dry_run_reports_every_bad_row_by_line_and_field_and_writes_nothing()
    {
        var admin = await App.AdminAsync();
        var csv = """
            姓名,出生日期,手机,居住情况,身份证号
            吴国强,1941-01-09,13800001111,独居,42010019410109001X
            ,1941-01-09,13800001112,,
            郑丽,2041-01-09,12,与子女,
            钱一,1950-05-05,13800001113,独居,42010019410109001X
            """;
        var before = (await (await admin.GetAsync("/api/retirees?pageSize=1")).JsonAsync())["total"]!.GetValue<int>();
        var report = await (await admin.PostAsync("/api/retirees/import?dryRun=true", Csv(csv))).JsonAsync();
        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.Equal(4, report["rows"]!.GetValue<int>());
        Assert.Equal(1, report["valid"]!.GetValue<int>());
        Assert.Equal(0, report["imported"]!.GetValue<int>());
        var errors = report["errors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Contains((3, "name"), errors);
        Assert.Contains((4, "birthDate"), errors);
        Assert.Contains((4, "mobile"), errors);
        Assert.Contains((5, "idNumber"), errors);
        Assert.Equal(before, (await (await admin.GetAsync("/api/retirees?pageSize=1")).JsonAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_writes_the_valid_rows_and_the_export_round_trips_with_a_bom()
    {
        var admin = await App.AdminAsync();
        var csv = "name,birthDate,mobile,unit,living,emergencyContactName,emergencyContactPhone\r\n" +
                  "冯卫东,1938-08-08,13800002221,图书馆,alone,冯小东,13900002221\r\n" +
                  "\"何,静\",1948-09-09,13800002222,图书馆,withSpouse,,\r\n" +
                  "坏行,1948-09-09,000,图书馆,,,\r\n";
        var report = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Csv(csv))).JsonAsync();
        Assert.Equal(2, report["imported"]!.GetValue<int>());
        Assert.Single(report["errors"]!.AsArray());

        var export = await admin.GetAsync("/api/retirees/export?unit=" + Uri.EscapeDataString("图书馆"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("冯卫东", text);
        Assert.Contains("\"何,静\"", text);
        Assert.Contains("+8613900002221", text);
        Assert.DoesNotContain("坏行", text);

        // The export is itself a valid import file: its id and tier columns are read-only and ignored.
        var reimport = await (await admin.PostAsync("/api/retirees/import?dryRun=true", Csv(text))).JsonAsync();
        Assert.Equal(2, reimport["valid"]!.GetValue<int>());
        Assert.Empty(reimport["errors"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_columns_go_to_the_mapping_step_and_missing_required_columns_are_header_errors()
    {
        var admin = await App.AdminAsync();
        var report = await (await admin.PostAsync("/api/retirees/import?dryRun=true", Csv("name,shoe\r\n张,42\r\n"))).JsonAsync();
        var fields = report["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains(report["columns"]!.AsArray(), c => c!["header"]!.GetValue<string>() == "shoe" && c["how"]!.GetValue<string>() == "unknown");
        Assert.DoesNotContain("shoe", fields);
        Assert.Contains("birthDate", fields);
        Assert.Contains("mobile", fields);
        Assert.All(report["errors"]!.AsArray(), e => Assert.Equal(1, e!["line"]!.GetValue<int>()));
    }
}
