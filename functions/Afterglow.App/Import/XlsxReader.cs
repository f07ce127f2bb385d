using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Import;

/// <summary>
/// An .xlsx sheet as text rows (ADR 0015): the zip's declared sizes are checked before any part is opened, every
/// part is read as a stream with <see cref="XmlReader"/> (never a whole DOM, no DTD), formulas give their saved value
/// (never evaluated), date cells and their serial numbers become yyyy-MM-dd, a merged range's value fills the whole
/// range, hidden rows are skipped and named. Transitional and Strict workbooks alike: elements are matched by
/// local name in a SpreadsheetML namespace, whatever prefix the writer chose.
/// </summary>
public static class XlsxReader
{
    private const string NotReadable = "This is a zip archive but not an Excel workbook (.xlsx) that can be read. Open it in Excel and save it again as .xlsx.";

    public static ImportTable Read(byte[] bytes, string? sheetName)
    {
        CheckZip(bytes);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var package = new Package(zip);
            var workbookPath = package.Relationships("").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target;
            if (workbookPath is null || !package.Has(workbookPath))
                throw new ImportRefused("file", package.Has("[Content_Types].xml")
                    ? "This is a zip archive (perhaps a Word .docx or another zip), not an Excel workbook."
                    : NotReadable);
            var (sheets, date1904) = Workbook(package, workbookPath);
            var parts = package.Relationships(workbookPath);

            var visible = sheets.Where(s => s.State is null or "visible")
                .Select(s => (s.Name, Path: parts.FirstOrDefault(r => r.Id == s.RelationshipId && r.Type.EndsWith("/worksheet", StringComparison.Ordinal)).Target))
                .Where(s => s.Path is not null && package.Has(s.Path)).ToList();
            // Blank sheets (Excel's Sheet2, Sheet3) are not worth a question.
            var withData = visible.Where(s => HasValue(package, s.Path!)).ToList();
            var names = withData.Select(s => s.Name).ToList();
            if (withData.Count == 0) throw new ImportRefused("file", "The workbook has no sheet with any data.");

            (string Name, string? Path) chosen;
            if (!string.IsNullOrWhiteSpace(sheetName))
                chosen = withData.FirstOrDefault(s => s.Name == sheetName.Trim()) is { Path: not null } found ? found
                    : throw new ImportRefused("sheet", $"The workbook has no sheet with data named '{sheetName}'. Its sheets: {string.Join(", ", names)}.", names);
            else if (withData.Count == 1) chosen = withData[0];
            else throw new ImportRefused("sheet", $"The workbook has {withData.Count} sheets with data; choose the one to import: {string.Join(", ", names)}.", names);

            var shared = parts.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } sst && package.Has(sst)
                ? SharedStrings(package, sst) : [];
            var styles = parts.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target is { } st && package.Has(st)
                ? DateStyles(package, st) : [];
            using var reader = package.Open(chosen.Path!);
            var table = new SheetReader(shared, styles, date1904).Read(reader);
            return table with { ReadAs = $"Excel workbook, sheet '{chosen.Name}'", Sheets = names, Sheet = chosen.Name };
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            // A part that is not well-formed XML (or declares a DTD, which is never processed), or a damaged entry.
            throw new ImportRefused("file", NotReadable);
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

    /// <summary>The workbook's sheets in order (name, state, relationship id) and whether its dates count from 1904.</summary>
    private static (List<(string Name, string? State, string? RelationshipId)> Sheets, bool Date1904) Workbook(Package package, string path)
    {
        var sheets = new List<(string, string?, string?)>();
        var date1904 = false;
        using var reader = package.Open(path);
        while (reader.Read())
        {
            if (!IsElement(reader)) continue;
            if (reader.LocalName == "sheet")
                sheets.Add((reader.GetAttribute("name") ?? "", reader.GetAttribute("state"), RelationshipId(reader)));
            else if (reader.LocalName == "workbookPr")
                date1904 = reader.GetAttribute("date1904") is "1" or "true";
        }
        return (sheets, date1904);
    }

    /// <summary>The r:id attribute, whichever prefix and relationships namespace (Transitional or Strict) it is written with.</summary>
    private static string? RelationshipId(XmlReader reader)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith("/relationships", StringComparison.Ordinal))
            {
                var id = reader.Value;
                reader.MoveToElement();
                return id;
            }
        }
        reader.MoveToElement();
        return null;
    }

    private static bool HasValue(Package package, string path)
    {
        using var reader = package.Open(path);
        var inValue = false;
        while (reader.Read())
        {
            if (IsElement(reader)) inValue = !reader.IsEmptyElement && reader.LocalName is "v" or "t";
            else if (reader.NodeType == XmlNodeType.EndElement) inValue = false;
            else if (inValue && IsText(reader) && reader.Value.Length > 0) return true;
        }
        return false;
    }

    /// <summary>The shared strings, read as a stream; phonetic guides (rPh) are not part of the text.</summary>
    private static string[] SharedStrings(Package package, string path)
    {
        var list = new List<string>();
        var current = new StringBuilder();
        var (inItem, inText, phonetic) = (false, false, 0);
        using var reader = package.Open(path);
        while (reader.Read())
        {
            if (IsElement(reader))
            {
                switch (reader.LocalName)
                {
                    case "si" when reader.IsEmptyElement: list.Add(""); break;
                    case "si": current.Clear(); inItem = true; break;
                    case "rPh" when !reader.IsEmptyElement: phonetic++; break;
                    case "t": inText = !reader.IsEmptyElement; break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && IsMain(reader))
            {
                switch (reader.LocalName)
                {
                    case "si": list.Add(current.ToString()); inItem = false; break;
                    case "rPh": phonetic--; break;
                    case "t": inText = false; break;
                }
            }
            else if (inItem && inText && phonetic == 0 && IsText(reader)) current.Append(reader.Value);
        }
        return [.. list];
    }

    /// <summary>Which cell styles show a date: Excel's built-in date formats, or a custom format with y/m/d outside quotes.</summary>
    private static bool[] DateStyles(Package package, string path)
    {
        var custom = new Dictionary<uint, string>();
        var formats = new List<uint>();
        var inCellFormats = false;
        using var reader = package.Open(path);
        while (reader.Read())
        {
            if (IsElement(reader))
            {
                if (reader.LocalName == "numFmt" && uint.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
                    custom[id] = reader.GetAttribute("formatCode") ?? "";
                else if (reader.LocalName == "cellXfs") inCellFormats = !reader.IsEmptyElement;
                else if (inCellFormats && reader.LocalName == "xf")
                    formats.Add(uint.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0);
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellFormats = false;
        }
        return formats.Select(id => id is >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58
            || custom.TryGetValue(id, out var code) && IsDateFormat(code)).ToArray();
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

    /// <summary>An element of SpreadsheetML itself (Transitional or Strict), not of an extension.</summary>
    internal static bool IsElement(XmlReader reader) => reader.NodeType == XmlNodeType.Element && IsMain(reader);

    internal static bool IsMain(XmlReader reader) =>
        reader.NamespaceURI is "http://schemas.openxmlformats.org/spreadsheetml/2006/main" or "http://purl.oclc.org/ooxml/spreadsheetml/main";

    internal static bool IsText(XmlReader reader) =>
        reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace;

    /// <summary>
    /// The workbook's zip as an Open Packaging package: parts by name (case-insensitive, as OPC says) and each
    /// part's relationships with their targets resolved to part names.
    /// </summary>
    private sealed class Package(ZipArchive zip)
    {
        // No DTD (an uploaded file could otherwise expand entities or reach out), no comments or processing instructions.
        private static readonly XmlReaderSettings Safe = new()
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, CloseInput = true,
        };

        private readonly Dictionary<string, ZipArchiveEntry> _entries = zip.Entries
            .GroupBy(e => e.FullName.TrimStart('/'), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        public bool Has(string part) => _entries.ContainsKey(part);

        public XmlReader Open(string part) => XmlReader.Create(_entries[part].Open(), Safe);

        /// <summary>The relationships of a part ("" for the package's own), targets as part names; external targets left out.</summary>
        public List<(string Id, string Type, string? Target)> Relationships(string part)
        {
            var folder = part.Contains('/') ? part[..(part.LastIndexOf('/') + 1)] : "";
            var rels = $"{folder}_rels/{part[folder.Length..]}.rels";
            var list = new List<(string, string, string?)>();
            if (!Has(rels)) return list;
            using var reader = Open(rels);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship" || reader.GetAttribute("TargetMode") == "External") continue;
                var target = reader.GetAttribute("Target");
                list.Add((reader.GetAttribute("Id") ?? "", reader.GetAttribute("Type") ?? "", target is null ? null : Resolve(folder, target)));
            }
            return list;
        }

        /// <summary>"worksheets/sheet1.xml" from "xl/" → "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute; ".." goes up.</summary>
        private static string Resolve(string folder, string target)
        {
            var path = target.StartsWith('/') ? target : folder + target;
            var parts = new List<string>();
            foreach (var segment in Uri.UnescapeDataString(path).Split('/'))
            {
                if (segment is "" or ".") continue;
                if (segment == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
                else parts.Add(segment);
            }
            return string.Join('/', parts);
        }
    }
}
