using System.IO.Compression;
using System.Text;
using Afterglow.App.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Afterglow.Tests.Import;

/// <summary>
/// The app reads and writes .xlsx by hand (ADR 0015); Microsoft's Open XML SDK is the independent judge: what the app
/// writes is a valid workbook the SDK reads as written, and what the SDK writes (its own prefixes and part names) the
/// app reads as an office would see it.
/// </summary>
public class XlsxTests
{
    private static readonly string[] Header = ["姓名", "性别", "身份证号码", "手机"];

    [Fact]
    public void What_the_app_writes_is_a_valid_workbook_the_sdk_reads_cell_for_cell()
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "王建国", "男", "420106194203050011", "13800138000" },
            new[] { "李 秀英 ", "", "<&>\"'", "0731-88958388" },
            new[] { "控制\u0001字符\u001F", "女", "𠀀 outside the BMP", "" },
        };
        var bytes = XlsxWriter.Write("离退休人员", Header, rows, new Dictionary<int, string[]> { [1] = ["男", "女"] });

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var workbook = document.WorkbookPart!;
        Assert.Equal("离退休人员", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        var worksheet = workbook.WorksheetParts.Single().Worksheet;
        var cells = worksheet.Descendants<Row>().ToDictionary(r => (int)r.RowIndex!.Value,
            r => r.Elements<Cell>().ToDictionary(c => c.CellReference!.Value!, c => (Text: c.InnerText, Style: c.StyleIndex!.Value)));
        Assert.Equal(("姓名", 1U), cells[1]["A1"]);
        Assert.Equal("420106194203050011", cells[2]["C2"].Text); // text, not 4.2E+17
        Assert.Equal(2U, cells[2]["C2"].Style);
        Assert.Equal("李 秀英 ", cells[3]["A3"].Text); // spaces kept
        Assert.Equal("<&>\"'", cells[3]["C3"].Text);
        Assert.False(cells[3].ContainsKey("B3")); // an empty cell is not written
        Assert.Equal("控制字符", cells[4]["A4"].Text); // characters XML cannot hold are dropped, not the file
        Assert.Equal("𠀀 outside the BMP", cells[4]["C4"].Text);

        var formats = workbook.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ToList();
        Assert.Equal(49U, formats[2].NumberFormatId!.Value); // "@": Excel keeps what is typed later as text too
        Assert.NotNull(workbook.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)formats[1].FontId!.Value).Bold);
        var pane = worksheet.Descendants<Pane>().Single();
        Assert.Equal((1D, PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.State!.Value));
        var list = worksheet.Descendants<DataValidation>().Single();
        Assert.Equal(("B2:B5004", "\"男,女\""), (list.SequenceOfReferences!.InnerText, list.Formula1!.Text));

        // And the app reads its own file back as written.
        var table = ImportFile.Read(bytes, null);
        Assert.Equal([.. Header], table.Rows[0].Cells);
        Assert.Equal(["李 秀英 ", "", "<&>\"'", "0731-88958388"], table.Rows[2].Cells);
    }

    [Fact]
    public void A_workbook_the_sdk_writes_reads_as_an_office_sees_it()
    {
        var bytes = SdkWorkbook();
        var table = ImportFile.Read(bytes, null);
        Assert.Equal("名单", table.Sheet);
        Assert.Equal([3], table.HiddenRows);
        var rows = table.Rows.ToDictionary(r => r.Line, r => r.Cells);
        Assert.Equal(["姓名", "出生日期", "手机", "单位"], rows[1]);
        Assert.Equal(["郑丽", "1948-09-01", "13800001112", "图书馆"], rows[2]); // shared string without its phonetic guide, a date cell, a number
        Assert.Equal(["吴国强", "1942-03-05", "13800001111", "图书馆"], rows[4]); // rich text runs joined, a formula's saved value, merged down
        Assert.Equal([1, 2, 4], rows.Keys);
        Assert.Equal(1, table.EmptyRows);
        Assert.Equal("sheet", Assert.Throws<ImportRefused>(() => ImportFile.Read(bytes, "隐藏")).Field); // a hidden sheet is not offered
    }

    [Fact]
    public void A_strict_open_xml_workbook_reads_like_the_transitional_one()
    {
        var transitional = ImportFileTests.File("roster-title-merged-hidden.xlsx");
        var strict = Rewrite(transitional, xml => xml
            .Replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
            .Replace("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"));
        Assert.NotEqual(transitional, strict);
        var (a, b) = (ImportFile.Read(transitional, null), ImportFile.Read(strict, null));
        Assert.Equal(a.Rows.Select(r => (r.Line, string.Join('|', r.Cells))), b.Rows.Select(r => (r.Line, string.Join('|', r.Cells))));
        Assert.Equal(a.HiddenRows, b.HiddenRows);
    }

    [Theory]
    [InlineData("xl/worksheets/sheet1.xml")]
    [InlineData("xl/sharedStrings.xml")]
    [InlineData("xl/workbook.xml")]
    public void A_part_with_a_dtd_is_refused_and_its_entities_never_expanded(string part)
    {
        // A "billion laughs" entity and an external one: a DTD is refused before either could be read.
        const string dtd = """<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>""";
        var bytes = Rewrite(ImportFileTests.File("roster-title-merged-hidden.xlsx"), xml => xml.Replace("?>", "?>" + dtd), part);
        var refused = Assert.Throws<ImportRefused>(() => ImportFile.Read(bytes, null));
        Assert.Equal("file", refused.Field);
        Assert.Contains("not an Excel workbook", refused.Message);
    }

    [Theory]
    [InlineData("_rels/.rels")] // no way to the workbook
    [InlineData("xl/workbook.xml")] // the way leads nowhere
    public void A_package_without_its_workbook_is_refused(string missing)
    {
        var bytes = Rewrite(ImportFileTests.File("several-sheets.xlsx"), x => x, drop: missing);
        var refused = Assert.Throws<ImportRefused>(() => ImportFile.Read(bytes, null));
        Assert.Contains("not an Excel workbook", refused.Message);
    }

    /// <summary>A workbook as the SDK lays it out (x: prefixes, absolute part names): shared strings with a phonetic
    /// guide and rich runs, a date style, a formula with its saved value, a merged range, a hidden row and a hidden sheet.</summary>
    private static byte[] SdkWorkbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("姓名")), new SharedStringItem(new Text("出生日期")), new SharedStringItem(new Text("手机")), new SharedStringItem(new Text("单位")),
                new SharedStringItem(new Text("郑丽"), new PhoneticRun(new Text("zhengli")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }),
                new SharedStringItem(new Run(new Text("吴")), new Run(new RunProperties(new Bold()), new Text("国强"))),
                new SharedStringItem(new Text("图书馆")), new SharedStringItem(new Text("看不见")));
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }),
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 176, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 14 }));
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            var part = workbook.AddNewPart<WorksheetPart>();
            static Cell S(string r, int i) => new() { CellReference = r, DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString()) };
            static Cell N(string r, string v, uint style = 0) => new() { CellReference = r, CellValue = new CellValue(v), StyleIndex = style };
            part.Worksheet = new Worksheet(new SheetData(
                new Row(S("A1", 0), S("B1", 1), S("C1", 2), S("D1", 3)) { RowIndex = 1 },
                new Row(S("A2", 4), N("B2", "17777", 1), N("C2", "13800001112"), S("D2", 6)) { RowIndex = 2 },
                new Row(S("A3", 7), N("B3", "18000", 2), N("C3", "13800001113")) { RowIndex = 3, Hidden = true },
                new Row(S("A4", 5), N("B4", "15405", 2), new Cell(new CellFormula("C2-1"), new CellValue("13800001111")) { CellReference = "C4" }) { RowIndex = 4 },
                new Row { RowIndex = 5 }),
                new MergeCells(new MergeCell { Reference = "D2:D4" }));
            sheets.Append(new Sheet { Name = "名单", SheetId = 1, Id = workbook.GetIdOfPart(part) });

            var hidden = workbook.AddNewPart<WorksheetPart>();
            hidden.Worksheet = new Worksheet(new SheetData(new Row(S("A1", 7)) { RowIndex = 1 }));
            sheets.Append(new Sheet { Name = "隐藏", SheetId = 2, Id = workbook.GetIdOfPart(hidden), State = SheetStateValues.Hidden });
        }
        return stream.ToArray();
    }

    /// <summary>The same package with its XML parts (or only <paramref name="only"/>) rewritten, and a part left out.</summary>
    private static byte[] Rewrite(byte[] xlsx, Func<string, string> change, string? only = null, string? drop = null)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                if (entry.FullName == drop) continue;
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var text = reader.ReadToEnd();
                if (only is null || entry.FullName == only) text = change(text);
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }
        return output.ToArray();
    }
}
