using System.Buffers.Binary;
using System.Text;
using Afterglow.Domain.Text;

namespace Afterglow.App.Retirees;

/// <summary>
/// What an uploaded file really is, from its bytes: a whole PNG (chunks up to IEND and nothing after), a JPEG
/// (SOI to EOI), or a PDF without scripts or embedded files, and in none of them markup a browser would run if
/// it ever sniffed the file as HTML (a PNG header on an HTML page is still an HTML page). The name the office
/// sees is cleaned and takes the extension of the type found.
/// </summary>
public static class AttachmentContent
{
    public sealed record Kind(string ContentType, string Extension);

    public static readonly Kind Jpeg = new("image/jpeg", ".jpg");
    public static readonly Kind Png = new("image/png", ".png");
    public static readonly Kind Pdf = new("application/pdf", ".pdf");

    private static readonly string[] Markup = ["<script", "<html", "<!doctype", "<body", "<iframe", "<svg", "<object", "<embed", "<meta", "javascript:", "<?xml-stylesheet"];
    private static readonly string[] PdfActive = ["/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/RichMedia", "/XFA"];

    /// <summary>The type, or null with the reason the file is refused.</summary>
    public static (Kind? Kind, string? Error) Identify(ReadOnlySpan<byte> bytes)
    {
        Kind? kind = bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? (IsWholePng(bytes) ? Png : null)
            : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? (EndsWith(bytes, [0xFF, 0xD9]) ? Jpeg : null)
            : bytes.StartsWith("%PDF-"u8) ? (EndsWith(bytes, "%%EOF"u8) ? Pdf : null)
            : null;
        if (kind is null) return (null, "Only whole JPEG, PNG and PDF files can be attached.");
        if (ContainsAny(bytes, Markup, ignoreCase: true)) return (null, "The file contains web-page markup; only plain images and documents can be attached.");
        if (kind == Pdf && ContainsAny(bytes, PdfActive, ignoreCase: false)) return (null, "The PDF contains scripts, actions or embedded files; print it to a plain PDF first.");
        return (kind, null);
    }

    /// <summary>A PNG is a signature and chunks (length, type, data, CRC) ending with IEND at the very end.</summary>
    private static bool IsWholePng(ReadOnlySpan<byte> b)
    {
        var at = 8;
        while (at + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > b.Length) return false;
            var type = b.Slice(at + 4, 4);
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8)) return at == b.Length;
        }
        return false;
    }

    /// <summary>Ends with the marker, allowing trailing line breaks, spaces and NUL padding.</summary>
    private static bool EndsWith(ReadOnlySpan<byte> b, ReadOnlySpan<byte> marker)
    {
        var end = b.Length;
        while (end > 0 && b[end - 1] is 0 or (byte)'\n' or (byte)'\r' or (byte)' ') end--;
        return b[..end].EndsWith(marker);
    }

    private static bool ContainsAny(ReadOnlySpan<byte> b, string[] needles, bool ignoreCase)
    {
        foreach (var n in needles)
        {
            var lower = Encoding.ASCII.GetBytes(n.ToLowerInvariant());
            if (!ignoreCase) { if (b.IndexOf(Encoding.ASCII.GetBytes(n)) >= 0) return true; continue; }
            // Case-insensitive ASCII search: look for the first byte in either case, then compare.
            for (var i = 0; i <= b.Length - lower.Length; i++)
            {
                if ((b[i] | 0x20) != lower[0]) continue;
                var match = true;
                for (var j = 1; j < lower.Length && match; j++)
                {
                    var c = b[i + j];
                    match = (c >= 'A' && c <= 'Z' ? c | 0x20 : c) == lower[j];
                }
                if (match) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The name shown and offered on download: no folders, no hidden or direction characters, no characters that
    /// mean something to a shell or a file system, at most 100 characters, and the extension of what it is.
    /// </summary>
    public static string SafeName(string? uploaded, Kind kind)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder();
        foreach (var c in name)
        {
            if (ReadableText.IsUnsafe(c, multiline: false) || char.IsSurrogate(c)) continue;
            clean.Append(c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or ';' or '%' or '&' or '$' or '`' ? '_' : c);
        }
        var stem = Path.GetFileNameWithoutExtension(clean.ToString()).Trim().Trim('.', ' ');
        if (stem.Length == 0) stem = "attachment";
        if (stem.Length > 100) stem = stem[..100];
        return stem + kind.Extension;
    }
}
