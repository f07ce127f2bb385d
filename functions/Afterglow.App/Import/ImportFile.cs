using System.Text;
using Afterglow.App.Retirees;

namespace Afterglow.App.Import;

/// <summary>
/// Reads an uploaded file as a table: an .xlsx workbook, or CSV in UTF-8 (with or without BOM), UTF-16 with BOM
/// (Excel's "Unicode text") or GB18030/GBK (what Excel on Chinese Windows saves). The encoding is detected from
/// the bytes, never assumed; anything else is refused with a message that says what the file looks like.
/// </summary>
public static class ImportFile
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictGb18030 = GetGb18030();

    public static ImportTable Read(byte[] bytes, string? sheet)
    {
        if (bytes.Length == 0) throw new ImportRefused("file", "The file is empty.");
        if (bytes.Length > ImportLimits.MaxFileBytes)
            throw new ImportRefused("file", $"The file is {bytes.Length / 1024 / 1024} MB; at most {ImportLimits.MaxFileBytes / 1024 / 1024} MB can be imported. Split it into smaller files.");
        if (StartsWith(bytes, 0x50, 0x4B, 0x03, 0x04)) return XlsxReader.Read(bytes, sheet);
        if (Looks(bytes) is { } kind)
            throw new ImportRefused("file", $"This looks like {kind}, not a spreadsheet. Save the list from Excel as .xlsx or as CSV.");

        var (text, readAs) = Decode(bytes);
        return new ImportTable(readAs, Csv.Read(text).Select(r => new ImportRow(r.Line, r.Fields)).ToList());
    }

    /// <summary>The text and the encoding it was read with; refuses bytes that are text in none of them.</summary>
    public static (string Text, string ReadAs) Decode(byte[] bytes)
    {
        if (StartsWith(bytes, 0xEF, 0xBB, 0xBF)) return (Strict(StrictUtf8, bytes, 3, "UTF-8 with a BOM"), "CSV, UTF-8");
        if (StartsWith(bytes, 0xFF, 0xFE)) return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "CSV, UTF-16");
        if (StartsWith(bytes, 0xFE, 0xFF)) return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "CSV, UTF-16");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw new ImportRefused("file", "This looks like a binary file (it holds zero bytes), not a CSV. Save the list from Excel as .xlsx or as CSV.");

        try { return (StrictUtf8.GetString(bytes), "CSV, UTF-8"); }
        catch (DecoderFallbackException) { }
        try
        {
            var text = StrictGb18030.GetString(bytes);
            // GB18030 decodes most byte soup; real Chinese text is mostly GB2312 pairs, ideographs and ASCII.
            if (MostlyGb2312(bytes) && PlausibleChinese(text)) return (text, "CSV, GB18030/GBK");
        }
        catch (DecoderFallbackException) { }
        throw new ImportRefused("file", "The file is text in neither UTF-8 nor GBK/GB18030 (it looks like a Western encoding such as Windows-1252, or binary data). " +
            "In Excel choose Save As → \"CSV UTF-8\", or save as .xlsx.");
    }

    private static string Strict(Encoding encoding, byte[] bytes, int skip, string name)
    {
        try { return encoding.GetString(bytes, skip, bytes.Length - skip); }
        catch (DecoderFallbackException)
        {
            throw new ImportRefused("file", $"The file starts as {name} but has bytes that are not UTF-8 further on; it may be damaged or mix encodings. Save it again as \"CSV UTF-8\".");
        }
    }

    /// <summary>
    /// Chinese text saved as GBK is mostly pairs of bytes both at or above 0xA1 (the GB2312 area); a Western
    /// file (Windows-1252's "é" followed by a letter) makes pairs whose second byte is ASCII.
    /// </summary>
    private static bool MostlyGb2312(byte[] bytes)
    {
        int pairs = 0, common = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x80) continue;
            if (i + 1 >= bytes.Length) return false;
            pairs++;
            if (bytes[i] >= 0xA1 && bytes[i + 1] >= 0xA1) common++;
            // A four-byte GB18030 sequence (rare characters beyond GBK): lead, digit, lead, digit.
            i += bytes[i + 1] is >= 0x30 and <= 0x39 ? 3 : 1;
        }
        return pairs == 0 || common >= pairs * 0.8;
    }

    private static bool PlausibleChinese(string text)
    {
        int good = 0, total = 0;
        foreach (var c in text)
        {
            total++;
            if (c is '\r' or '\n' or '\t' || (c >= ' ' && c < 0x7F) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF)
                || c is '·' or '—' or '…' or '“' or '”' or '‘' or '’' or '×' or '√' or '№')
                good++;
        }
        return total > 0 && good >= total * 0.97;
    }

    /// <summary>Common file types by their first bytes, named as a person would know them.</summary>
    private static string? Looks(byte[] b) =>
        StartsWith(b, 0xD0, 0xCF, 0x11, 0xE0) ? "an old Excel 97–2003 workbook (.xls) or another Office 97 file; open it in Excel and save it as .xlsx" :
        StartsWith(b, 0x25, 0x50, 0x44, 0x46) ? "a PDF document" :
        StartsWith(b, 0x89, 0x50, 0x4E, 0x47) ? "a PNG image" :
        StartsWith(b, 0xFF, 0xD8, 0xFF) ? "a JPEG image" :
        StartsWith(b, 0x47, 0x49, 0x46, 0x38) ? "a GIF image" :
        StartsWith(b, 0x1F, 0x8B) ? "a gzip archive" :
        StartsWith(b, 0x52, 0x61, 0x72, 0x21) ? "a RAR archive" :
        StartsWith(b, 0x37, 0x7A, 0xBC, 0xAF) ? "a 7-Zip archive" :
        StartsWith(b, 0x7B, 0x5C, 0x72, 0x74, 0x66) ? "an RTF document" :
        StartsWith(b, 0x4D, 0x5A) ? "a Windows program" :
        null;

    private static bool StartsWith(byte[] bytes, params byte[] prefix) => bytes.AsSpan().StartsWith(prefix);

    private static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
