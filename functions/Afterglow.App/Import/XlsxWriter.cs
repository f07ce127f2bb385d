using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Afterglow.App.Import;

/// <summary>
/// One sheet of text cells as .xlsx (ADR 0015): a bold, frozen header row, every cell text (an ID number or a
/// phone never turns into 4.2E+17), and a drop-down list per column that has fixed values. The package is written
/// part by part: content types, relationships, workbook, styles and the sheet, as Excel itself lays them out.
/// </summary>
public static class XlsxWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types";

    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows,
        IReadOnlyDictionary<int, string[]>? choices = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w =>
            {
                w.WriteStartElement("Types", ContentTypes);
                Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
                Default(w, "xml", "application/xml");
                Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
                Override(w, "/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
                Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
                w.WriteEndElement();
            });
            Part(zip, "_rels/.rels", w => Rels(w, ("rId1", Relationships + "/officeDocument", "xl/workbook.xml")));
            Part(zip, "xl/_rels/workbook.xml.rels", w => Rels(w,
                ("rId1", Relationships + "/worksheet", "worksheets/sheet1.xml"), ("rId2", Relationships + "/styles", "styles.xml")));
            Part(zip, "xl/workbook.xml", w =>
            {
                w.WriteStartElement("workbook", Main);
                w.WriteAttributeString("xmlns", "r", null, Relationships);
                w.WriteStartElement("sheets", Main);
                w.WriteStartElement("sheet", Main);
                w.WriteAttributeString("name", Clean(sheetName));
                w.WriteAttributeString("sheetId", "1");
                w.WriteAttributeString("id", Relationships, "rId1");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            });
            using (var styles = new StreamWriter(zip.CreateEntry("xl/styles.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false)))
                styles.Write(Styles);
            Part(zip, "xl/worksheets/sheet1.xml", w => Sheet(w, header, rows, choices));
        }
        return stream.ToArray();
    }

    private static void Sheet(XmlWriter w, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyDictionary<int, string[]>? choices)
    {
        w.WriteStartElement("worksheet", Main);
        // The header row stays in view while scrolling.
        w.WriteRaw("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        w.WriteStartElement("cols", Main);
        for (var i = 0; i < header.Count; i++)
        {
            w.WriteStartElement("col", Main);
            w.WriteAttributeString("min", Number(i + 1));
            w.WriteAttributeString("max", Number(i + 1));
            w.WriteAttributeString("width", Math.Max(10, header[i].Length * 2.2 + 2).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("customWidth", "1");
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("sheetData", Main);
        Row(w, 1, header, style: "1");
        var line = 1;
        foreach (var r in rows) Row(w, ++line, r, style: "2");
        w.WriteEndElement();

        if (choices is { Count: > 0 })
        {
            w.WriteStartElement("dataValidations", Main);
            w.WriteAttributeString("count", Number(choices.Count));
            foreach (var (col, values) in choices)
            {
                var letters = SheetReader.ColumnName(col);
                w.WriteStartElement("dataValidation", Main);
                w.WriteAttributeString("type", "list");
                w.WriteAttributeString("allowBlank", "1");
                w.WriteAttributeString("showErrorMessage", "1");
                w.WriteAttributeString("sqref", $"{letters}2:{letters}{Math.Max(line, 2) + 5000}");
                w.WriteElementString("formula1", Main, $"\"{Clean(string.Join(',', values))}\"");
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Row(XmlWriter w, int index, IReadOnlyList<string> cells, string style)
    {
        w.WriteStartElement("row", Main);
        w.WriteAttributeString("r", Number(index));
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", SheetReader.ColumnName(i) + Number(index));
            w.WriteAttributeString("s", style);
            w.WriteAttributeString("t", "inlineStr");
            w.WriteStartElement("is", Main);
            w.WriteStartElement("t", Main);
            w.WriteAttributeString("xml", "space", null, "preserve");
            w.WriteString(Clean(cells[i]));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    // Style 0 default, 1 bold header, 2 text (@, number format 49) so Excel keeps long numbers as typed.
    private const string Styles =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        + "<styleSheet xmlns=\"" + Main + "\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>";

    private static void Part(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var w = XmlWriter.Create(entry, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument(standalone: true);
        write(w);
        w.WriteEndDocument();
    }

    private static void Rels(XmlWriter w, params (string Id, string Type, string Target)[] relationships)
    {
        w.WriteStartElement("Relationships", PackageRelationships);
        foreach (var (id, type, target) in relationships)
        {
            w.WriteStartElement("Relationship", PackageRelationships);
            w.WriteAttributeString("Id", id);
            w.WriteAttributeString("Type", type);
            w.WriteAttributeString("Target", target);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Default(XmlWriter w, string extension, string type)
    {
        w.WriteStartElement("Default", ContentTypes);
        w.WriteAttributeString("Extension", extension);
        w.WriteAttributeString("ContentType", type);
        w.WriteEndElement();
    }

    private static void Override(XmlWriter w, string part, string type)
    {
        w.WriteStartElement("Override", ContentTypes);
        w.WriteAttributeString("PartName", part);
        w.WriteAttributeString("ContentType", type);
        w.WriteEndElement();
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text without the characters XML cannot hold (control characters, a lone surrogate); Excel could not show them either.</summary>
    private static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || XmlConvert.IsXmlChar(text[i])) { sb?.Append(text, i, pair ? 2 : 1); if (pair) i++; continue; }
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
        }
        return sb?.ToString() ?? text;
    }
}
