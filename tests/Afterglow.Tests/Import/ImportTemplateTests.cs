using System.Net;
using System.Text.Json.Nodes;
using Afterglow.App.Import;
using Afterglow.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Afterglow.Tests.Import;

/// <summary>The template and the .xlsx export: what the office downloads imports back as it was.</summary>
public class ImportTemplateTests(AppFactory app) : AppTests(app)
{
    private static MultipartFormDataContent Form(byte[] file, string name) => new() { { new ByteArrayContent(file), "file", name } };

    private static async Task<JsonObject> OkAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task The_template_has_drop_down_lists_and_imports_back_unchanged()
    {
        var admin = await App.AdminAsync();
        var response = await admin.GetAsync("/api/retirees/import/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var table = ImportFile.Read(bytes, null);
        Assert.Equal("姓名", table.Rows[0].Cells[0]);
        var genderColumn = SheetReaderColumn(Array.IndexOf(table.Rows[0].Cells, "性别"));
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var lists = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DataValidation>().ToList();
            Assert.Contains(lists, v => v.SequenceOfReferences!.InnerText!.StartsWith(genderColumn + "2:") && v.Formula1!.Text == "\"男,女\"");
            Assert.True(lists.Count >= 10, $"{lists.Count} drop-down lists");
        }

        var dry = await OkAsync(await admin.PostAsync("/api/retirees/import", Form(bytes, "模板.xlsx")));
        Assert.All(dry["columns"]!.AsArray(), c => Assert.Equal("known", c!["how"]!.GetValue<string>()));
        Assert.Equal(1, dry["valid"]!.GetValue<int>());
        Assert.Empty(dry["errors"]!.AsArray());

        var done = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(bytes, "模板.xlsx")));
        Assert.Equal(1, done["imported"]!.GetValue<int>());
        var list = await (await admin.GetAsync("/api/retirees?pageSize=10")).JsonAsync();
        var id = list["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "王建国")!["id"]!.GetValue<string>();
        var p = (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!;
        var e = RetireeExport.Example;
        Assert.Equal(("1942-03-05", "male", e.Title, "1962-09-01", "2002-03-31", e.Ethnicity), (p["birthDate"]!.GetValue<string>(), p["gender"]!.GetValue<string>(),
            p["title"]!.GetValue<string>(), p["workStartDate"]!.GetValue<string>(), p["retirementDate"]!.GetValue<string>(), p["ethnicity"]!.GetValue<string>()));
        Assert.Equal(("withSpouse", true, "1965-07-01", e.MedicalInsurance, e.DesignatedHospital, e.FamilyDoctor), (p["living"]!.GetValue<string>(), p["partyMember"]!.GetValue<bool>(),
            p["partyJoinDate"]!.GetValue<string>(), p["medicalInsurance"]!.GetValue<string>(), p["designatedHospital"]!.GetValue<string>(), p["familyDoctor"]!.GetValue<string>()));
        Assert.Equal(("刘秀英", "+8613900139000"), (p["spouse"]!["name"]!.GetValue<string>(), p["spouse"]!["phone"]!.GetValue<string>()));
        Assert.Equal(("王明", "+8613700137000"), (p["children"]![0]!["name"]!.GetValue<string>(), p["children"]![0]!["phone"]!.GetValue<string>()));
        Assert.Equal(("+8613800138000", "+862787654321", e.Notes), (p["mobile"]!.GetValue<string>(), p["landline"]!.GetValue<string>(), p["notes"]!.GetValue<string>()));

        // The same record exported as .xlsx in English imports back as an update of itself, every field unchanged.
        var export = await (await admin.GetAsync("/api/retirees/export?format=xlsx&language=en")).Content.ReadAsByteArrayAsync();
        var exported = ImportFile.Read(export, null);
        Assert.Equal(["id", "Name", "Gender"], exported.Rows[0].Cells[..3]);
        Assert.Equal([id, "王建国", "male"], exported.Rows[1].Cells[..3]);
        var again = await OkAsync(await admin.PostAsync("/api/retirees/import?dryRun=false", Form(export, "export.xlsx")));
        Assert.Equal((0, 1), (again["imported"]!.GetValue<int>(), again["updated"]!.GetValue<int>()));
        var after = (await (await admin.GetAsync($"/api/retirees/{id}")).JsonAsync())["profile"]!;
        Assert.True(JsonNode.DeepEquals(p, after), $"{p.ToJsonString()}\n{after.ToJsonString()}");
    }

    [Fact]
    public async Task The_template_in_english_and_as_csv()
    {
        var admin = await App.AdminAsync();
        var en = ImportFile.Read(await (await admin.GetAsync("/api/retirees/import/template?language=en")).Content.ReadAsByteArrayAsync(), null);
        Assert.Equal(["Name", "Gender", "Birth date"], en.Rows[0].Cells[..3]);
        Assert.Equal(["王建国", "male", "1942-03-05"], en.Rows[1].Cells[..3]);
        var csv = await admin.GetAsync("/api/retirees/import/template?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bad = await admin.GetAsync("/api/retirees/import/template?format=pdf&language=fr");
        var errors = await bad.ErrorsAsync();
        Assert.True(errors.ContainsKey("format") && errors.ContainsKey("language"));
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/retirees/import/template")).StatusCode);
    }

    private static string SheetReaderColumn(int index)
    {
        var name = "";
        for (var c = index + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name;
    }
}
