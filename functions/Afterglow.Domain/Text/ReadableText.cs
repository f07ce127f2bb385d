using System.Globalization;

namespace Afterglow.Domain.Text;

/// <summary>
/// Text a person reads (names, notes, messages) must show what it says. Control characters can hide or break
/// lines and bidirectional overrides and isolates can make "gpj.exe" read as "exe.jpg" (Trojan Source), so both
/// are refused; line breaks and tabs are allowed only in multi-line fields.
/// </summary>
public static class ReadableText
{
    /// <summary>The first character that is not allowed, or null when the text is fine.</summary>
    public static int? FirstUnsafe(string text, bool multiline = false)
    {
        for (var i = 0; i < text.Length; i++)
            if (IsUnsafe(text[i], multiline)) return i;
        return null;
    }

    public static bool IsSafe(string? text, bool multiline = false) => text is null || FirstUnsafe(text, multiline) is null;

    public static bool IsUnsafe(char c, bool multiline)
    {
        if (c is '\n' or '\r' or '\t') return !multiline;
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control => true,
            // Unpaired halves of a surrogate pair: not text.
            UnicodeCategory.Surrogate => false,
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
            UnicodeCategory.Format => IsHiddenFormat(c),
            _ => false,
        };
    }

    /// <summary>
    /// Format characters that change direction or hide text: LRM/RLM/ALM, the embeddings and overrides
    /// (U+202A–202E), the isolates (U+2066–2069), zero-width space, word joiner and invisible operators, BOM.
    /// The zero-width joiner and non-joiner stay: emoji and some scripts need them.
    /// </summary>
    private static bool IsHiddenFormat(char c) => c is not ('\u200C' or '\u200D');

    /// <summary>Why the text is refused, for a field error.</summary>
    public static string Describe(string text, bool multiline = false) =>
        FirstUnsafe(text, multiline) is { } i
            ? $"Contains a hidden control or text-direction character (U+{(int)text[i]:X4}) at position {i + 1}; remove it."
            : "";
}
