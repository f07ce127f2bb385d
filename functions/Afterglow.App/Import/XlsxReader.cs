using System.Globalization;
using System.IO.Compression;
using System.Text;
using Afterglow.Domain.Registry;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Afterglow.App.Import;

/// <summary>
/// An .xlsx sheet as text rows (ADR 0015): the zip's declared sizes are checked before any part is opened, the
/// sheet is read as a stream (never a whole DOM), formulas give their saved value (never evaluated), date cells
/// and their serial numbers become yyyy-MM-dd, a merged range's value fills the whole range, hidden rows are
/// skipped and named.
/// </summary>
public static class XlsxReader
{
    public static ImportTable Read(byte[] bytes, string? sheetName)
    {
        CheckZip(bytes);
        SpreadsheetDocument document;
        try { document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ImportRefused("file", "This is a zip archive but not an Excel workbook (.xlsx) that can be read. Open it in Excel and save it again as .xlsx.");
        }
        using (document)
        {
            var workbook = document.WorkbookPart?.Workbook
                ?? throw new ImportRefused("file", "This is a zip archive (perhaps a Word .docx or another zip), not an Excel workbook.");
            var visible = (workbook.Sheets?.Elements<Sheet>() ?? [])
                .Where(s => s.State is null || s.State.Value == SheetStateValues.Visible)
                .Select(s => (Name: s.Name?.Value ?? "", Part: document.WorkbookPart!.GetPartById(s.Id!.Value!) as WorksheetPart))
                .Where(s => s.Part is not null).ToList();
            // Blank sheets (Excel's Sheet2, Sheet3) are not worth a question.
            var withData = visible.Where(s => HasValue(s.Part!)).ToList();
            var names = withData.Select(s => s.Name).ToList();
            if (withData.Count == 0) throw new ImportRefused("file", "The workbook has no sheet with any data.");

            (string Name, WorksheetPart? Part) chosen;
            if (!string.IsNullOrWhiteSpace(sheetName))
                chosen = withData.FirstOrDefault(s => s.Name == sheetName.Trim()) is { Part: not null } found ? found
                    : throw new ImportRefused("sheet", $"The workbook has no sheet with data named '{sheetName}'. Its sheets: {string.Join(", ", names)}.", names);
            else if (withData.Count == 1) chosen = withData[0];
            else throw new ImportRefused("sheet", $"The workbook has {withData.Count} sheets with data; choose the one to import: {string.Join(", ", names)}.", names);

            var date1904 = workbook.WorkbookProperties?.Date1904?.Value == true;
            var sheet = new SheetReader(SharedStrings(document.WorkbookPart!), DateStyles(document.WorkbookPart!), date1904);
            var table = sheet.Read(chosen.Part!);
            return table with { ReadAs = $"Excel workbook, sheet '{chosen.Name}'", Sheets = names, Sheet = chosen.Name };
        }
    }

    /// <summary>Refuses a zip bomb by the sizes the archive declares (the decompressor stops at the declared size).</summary>
    private static void CheckZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > ImportLimits.MaxZipEntries)
                throw new ImportRefused("file", $"The workbook holds {zip.Entries.Count} parts; a real list has a few dozen. It was not read.");
            long total = 0;
            foreach (var e in zip.Entries) total += e.Length;
            if (total > ImportLimits.MaxUnzippedBytes)
                throw new ImportRefused("file", $"The workbook would expand to {total / 1024 / 1024:N0} MB (at most {ImportLimits.MaxUnzippedBytes / 1024 / 1024} MB is read); it may be a zip bomb or hold large pictures. It was not read.");
        }
        catch (InvalidDataException)
        {
            throw new ImportRefused("file", "The file starts like a zip archive (.xlsx) but is damaged or cut short. Save it again from Excel.");
        }
    }

    private static bool HasValue(WorksheetPart part)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.IsStartElement && (reader.ElementType == typeof(CellValue) || reader.ElementType == typeof(Text)) && reader.GetText().Length > 0)
                return true;
        return false;
    }

    /// <summary>The shared strings, read as a stream; phonetic guides (rPh) are not part of the text.</summary>
    private static string[] SharedStrings(WorkbookPart workbook)
    {
        if (workbook.SharedStringTablePart is not { } part) return [];
        var list = new List<string>();
        var current = new StringBuilder();
        var inItem = false;
        var phonetic = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem))
            {
                if (reader.IsStartElement) { current.Clear(); inItem = true; }
                else { list.Add(current.ToString()); inItem = false; }
            }
            else if (reader.ElementType == typeof(PhoneticRun)) phonetic += reader.IsStartElement ? 1 : -1;
            else if (inItem && phonetic == 0 && reader.IsStartElement && reader.ElementType == typeof(Text)) current.Append(reader.GetText());
        }
        return [.. list];
    }

    /// <summary>Which cell styles show a date: Excel's built-in date formats, or a custom format with y/m/d outside quotes.</summary>
    private static bool[] DateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null) return [];
        var custom = (stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
            .Where(f => f.NumberFormatId is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "");
        return stylesheet.CellFormats.Elements<CellFormat>().Select(f =>
        {
            var id = f.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58) return true;
            return custom.TryGetValue(id, out var code) && IsDateFormat(code);
        }).ToArray();
    }

    internal static bool IsDateFormat(string code)
    {
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\\' || c == '_' || c == '*') i++;
            else if (c == '[') { var end = code.IndexOf(']', i); if (end < 0) break; i = end; }
            else if (!quoted && c is 'y' or 'Y' or 'd' or 'D' or 'm' or 'M') return true;
        }
        return false;
    }

    /// <summary>A cell's saved value as text (formulas are never calculated here).</summary>
    internal static string CellText(string? type, string? value, string inline, bool dateStyle, bool date1904, string[] shared, bool hasFormula, out string? error)
    {
        error = null;
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : "";
            case "inlineStr":
                return inline;
            case "str":
                return value ?? "";
            case "b":
                return value == "1" ? "TRUE" : value == "0" ? "FALSE" : "";
            case "e":
                error = $"The cell shows the Excel error {value}; fix the formula or type the value.";
                return "";
            case "d":
                return value is { Length: >= 10 } iso ? iso[..10] : value ?? "";
        }
        if (value is null)
        {
            if (hasFormula) error = "The formula in this cell has no saved result; open the file in Excel, let it calculate, and save it.";
            return "";
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
        if (dateStyle && number is >= 1 and < 2958466) return OfficeDate.FromExcelSerial(number, date1904).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Phones and ID numbers typed as numbers: whole numbers without exponent or ".0".
        return number == Math.Floor(number) && Math.Abs(number) < 1e15 ? ((long)number).ToString(CultureInfo.InvariantCulture) : number.ToString("R", CultureInfo.InvariantCulture);
    }
}
