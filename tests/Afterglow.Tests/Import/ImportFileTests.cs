using Afterglow.App.Import;
using Afterglow.Domain.Registry;

namespace Afterglow.Tests.Import;

/// <summary>Real files (Import/files, made once by make_files.py) read as tables: encodings, workbooks, bad input.</summary>
public class ImportFileTests
{
    public static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Import", "files", name));

    private static List<string[]> Cells(ImportTable t) => t.Rows.Select(r => r.Cells).ToList();

    [Theory]
    [InlineData("gbk-chinese-headers.csv", "GB18030/GBK", "王建国")]
    [InlineData("gb18030-chinese-headers.csv", "GB18030/GBK", "王𠀀国")]
    [InlineData("utf8-bom.csv", "UTF-8", "王建国")]
    [InlineData("utf8-no-bom.csv", "UTF-8", "王建国")]
    public void Each_encoding_reads_the_same_chinese_text(string file, string readAs, string firstName)
    {
        var table = ImportFile.Read(File(file), null);
        Assert.Contains(readAs, table.ReadAs);
        Assert.Equal(["序号", "姓名", "性别", "出生年月", "身份证号码", "联系电话", "工作单位", "家庭住址", "备注"], table.Rows[0].Cells);
        Assert.Equal(firstName, table.Rows[1].Cells[1]);
        Assert.Equal("武昌区八一路2号,3栋", table.Rows[2].Cells[7]);
        Assert.Equal(8, table.Rows.Count);
    }

    [Fact]
    public void A_gbk_file_with_english_headers_is_not_garbled()
    {
        var table = ImportFile.Read(File("gbk-english-headers.csv"), null);
        Assert.Equal(["王建国", "男", "1942-03-05", "13800007001", "化学系"], table.Rows[1].Cells);
    }

    [Theory]
    [InlineData("windows-1252.csv", "neither UTF-8 nor GBK")]
    [InlineData("binary-renamed.csv", "binary")]
    [InlineData("old-excel.csv", "Excel 97")]
    [InlineData("not-a-workbook.xlsx", "not an Excel workbook")]
    [InlineData("zip-bomb.xlsx", "zip bomb")]
    [InlineData("formula-without-value.xlsx", "no saved result")]
    [InlineData("only-empty-rows.xlsx", "no sheet with any data")]
    public void A_file_that_is_not_a_readable_table_is_refused_saying_what_it_looks_like(string file, string says)
    {
        var refused = Assert.Throws<ImportRefused>(() => ImportFile.Read(File(file), null));
        Assert.Equal("file", refused.Field);
        Assert.Contains(says, refused.Message);
    }

    [Fact]
    public void A_pdf_and_an_oversized_file_are_refused_by_name()
    {
        Assert.Contains("PDF", Assert.Throws<ImportRefused>(() => ImportFile.Read("%PDF-1.7\n..."u8.ToArray(), null)).Message);
        Assert.Contains("MB", Assert.Throws<ImportRefused>(() => ImportFile.Read(new byte[ImportLimits.MaxFileBytes + 1], null)).Message);
    }

    [Fact]
    public void A_roster_with_a_title_row_merged_cells_hidden_rows_formulas_and_date_cells_reads_as_offices_see_it()
    {
        var table = ImportFile.Read(File("roster-title-merged-hidden.xlsx"), null);
        Assert.Equal("花名册", table.Sheet);
        Assert.Equal([7], table.HiddenRows);
        var rows = table.Rows.ToDictionary(r => r.Line, r => r.Cells);
        Assert.DoesNotContain(7, rows.Keys);
        Assert.Equal("序号", rows[3][0]);
        Assert.Equal(["1", "吴国强", "男", "1942-03-05", "", "13800001111", "图书馆", "珞珈山1号", "退休", "老党员"], rows[4]);
        Assert.Equal("郑丽", rows[5][1]); // the phonetic guide is not part of the name
        Assert.Equal("1948-09-01", rows[5][3]); // a custom 年月日 date format
        Assert.Equal("13800001112", rows[5][5]); // an inline string
        Assert.Equal("图书馆", rows[5][6]); // merged down from G4
        Assert.Equal("图书馆", rows[6][6]);
        Assert.Equal("后勤", rows[8][6]); // outside the merge
        Assert.Equal("2", rows[8][9]); // a formula's saved value, not its text
        Assert.Equal(3, table.Rows[ImportColumns.FindHeader(table.Rows)].Line); // the header is found after the title row
    }

    [Fact]
    public void A_workbook_with_several_sheets_asks_which_and_reads_the_one_chosen()
    {
        var ask = Assert.Throws<ImportRefused>(() => ImportFile.Read(File("several-sheets.xlsx"), null));
        Assert.Equal("sheet", ask.Field);
        Assert.Equal(["离休", "退休"], ask.Sheets); // the empty and the hidden sheet are not offered
        var table = ImportFile.Read(File("several-sheets.xlsx"), "退休");
        Assert.Equal(["老教师", "老工人"], table.Rows.Skip(1).Select(r => r.Cells[0]));
        Assert.Equal("sheet", Assert.Throws<ImportRefused>(() => ImportFile.Read(File("several-sheets.xlsx"), "隐藏")).Field);
    }

    [Fact]
    public void A_million_empty_rows_are_counted_not_kept()
    {
        var table = ImportFile.Read(File("million-empty-rows.xlsx"), null);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(1_000_000, table.EmptyRows);
    }

    [Theory]
    [InlineData("1942年3月5日", "1942-03-05")]
    [InlineData("1942.3.5", "1942-03-05")]
    [InlineData("1942-3-5", "1942-03-05")]
    [InlineData("1942/03/05", "1942-03-05")]
    [InlineData("19420305", "1942-03-05")]
    [InlineData("1942-03-05 00:00:00", "1942-03-05")]
    [InlineData("1942/3/5 0:00", "1942-03-05")]
    [InlineData(" 1942 年 3 月 5 号 ", "1942-03-05")]
    [InlineData("15405", "1942-03-05")] // an Excel serial day typed or exported as text
    [InlineData("1942．3．5", "1942-03-05")] // full-width dots
    public void Dates_as_offices_write_them(string text, string expected)
    {
        var (reading, date) = OfficeDate.Read(text);
        Assert.Equal(DateReading.Date, reading);
        Assert.Equal(DateOnly.Parse(expected), date);
    }

    [Theory]
    [InlineData("1942年3月")]
    [InlineData("1942.3")]
    [InlineData("1942-03")]
    [InlineData("194203")]
    public void A_month_alone_is_read_but_flagged(string text) => Assert.Equal(DateReading.MonthOnly, OfficeDate.Read(text).Reading);

    [Theory]
    [InlineData("1942-02-30")]
    [InlineData("1942-13-01")]
    [InlineData("someday")]
    [InlineData("42-3-5")]
    [InlineData("")]
    public void Impossible_dates_are_invalid(string text) => Assert.Equal(DateReading.Invalid, OfficeDate.Read(text).Reading);

    [Theory]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"", true)]
    [InlineData("yyyy/mm/dd;@", true)]
    [InlineData("[$-F800]dddd, mmmm dd, yyyy", true)]
    [InlineData("0.00", false)]
    [InlineData("\"电话\"0", false)]
    [InlineData("General", false)]
    public void Date_formats_are_told_from_number_formats(string code, bool isDate) => Assert.Equal(isDate, XlsxReader.IsDateFormat(code));

    [Theory]
    [InlineData("手机号码（必填）", "mobile")]
    [InlineData("出生年月", "birthDate")]
    [InlineData("联系电话", "phone")]
    [InlineData("身份证号码", "idNumber")]
    [InlineData("工作单位", "unit")]
    [InlineData("家庭住址", "address")]
    [InlineData("备注", "notes")]
    [InlineData("* 姓 名", "name")]
    [InlineData("Date of birth", "birthDate")]
    [InlineData("序号", "ignore")]
    [InlineData("id", "id")]
    [InlineData("鞋码", null)]
    public void Headers_in_chinese_and_english(string header, string? field) => Assert.Equal(field, ImportColumns.Match(header));
}
