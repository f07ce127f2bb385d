using System.Globalization;
using System.Text;

namespace Afterglow.Domain.CheckIns;

/// <summary>
/// Reads an SMS reply the way a coordinator would, for everyone who texts the office: retirees answering a
/// check-in, volunteers and liaisons acknowledging an incident, family answering the consent request.
/// The text is normalised (full-width to half-width, case, apostrophes, control characters, emoji variation
/// selectors, repeated characters: 好好好 → 好, goood → good, helppp → help), cut into the longest words of
/// <see cref="ReplyLexicon"/>, and weighed: distress wins over everything, then opting out, then well over
/// yes over no. A negation word turns the well word after it into unwell ("not feeling good", 没好). A question,
/// or a reply with more than a few characters the table does not know, is <see cref="ReplyKind.Unclear"/> — a
/// person reads it — unless it says distress. A trailing 4-digit number is the incident or call code; longer numbers are ignored.
/// </summary>
public static class ReplyClassifier
{
    // More unknown letters than this around a well/yes/no word: a person must read it (a question, a story).
    public const int MaxUnknownLetters = 3;

    private enum Kind { Word, Unknown, Break, Code, Number }
    private readonly record struct Token(Kind Kind, Sense Sense, string Text, bool Glued = false);

    /// <summary>Digit answers as people type them on a keypad; the Chinese numerals only as the whole reply.</summary>
    private static readonly Dictionary<string, ReplyKind> Numbers = new(StringComparer.Ordinal)
    {
        ["0"] = ReplyKind.No, ["1"] = ReplyKind.Well, ["2"] = ReplyKind.Unwell, ["3"] = ReplyKind.Help, ["120"] = ReplyKind.Help, ["110"] = ReplyKind.Help, ["119"] = ReplyKind.Help,
    };
    private static readonly Dictionary<string, ReplyKind> Numerals = new(StringComparer.Ordinal)
    {
        ["一"] = ReplyKind.Well, ["二"] = ReplyKind.Unwell, ["三"] = ReplyKind.Help,
    };

    // Words by first character, longest first: the longest phrase at a position wins. English keeps its double
    // letters (feel is not fell); a word found in no other way is tried with every run squeezed (helppp, fiine).
    private static readonly Dictionary<char, (string Word, Sense Sense)[]> Words = ReplyLexicon.Table
        .SelectMany(row => row.Words.Select(w => (Word: Squeeze(Normalize(w)).Trim(), row.Sense)))
        .Where(x => x.Word.Length > 0)
        .DistinctBy(x => x.Word)
        .GroupBy(x => x.Word[0])
        .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.Word.Length).ToArray());
    private static readonly Dictionary<string, Sense> LooseWords = ReplyLexicon.Table
        .SelectMany(row => row.Words.Where(w => w.All(char.IsAsciiLetter)).Select(w => (Word: Squeeze(w, english: true), row.Sense)))
        .DistinctBy(x => x.Word)
        .ToDictionary(x => x.Word, x => x.Sense, StringComparer.Ordinal);

    public static ParsedReply Classify(string? text)
    {
        var tokens = Tokenize(Squeeze(Normalize(text ?? "")));
        var code = tokens.LastOrDefault(t => t.Kind == Kind.Code).Text;
        var meaningful = tokens.Where(t => t.Kind is Kind.Word or Kind.Unknown && !(t.Kind == Kind.Word && t.Sense == Sense.Filler)).ToList();

        // The whole reply is one digit or numeral: the keypad answer.
        var digits = tokens.Where(t => t.Kind == Kind.Number).ToList();
        if (meaningful.Count == 0 && digits.Count == 1 && Numbers.TryGetValue(Keypad(digits[0].Text), out var number)) return new(number, code);
        if (meaningful is [{ Kind: Kind.Unknown } only] && Numerals.TryGetValue(only.Text, out var numeral)) return new(numeral, code);

        var senses = Weigh(tokens);
        if (digits.Any(d => d.Text.Length == 3 && Numbers.ContainsKey(d.Text))) senses.Add(Sense.Help); // 120, 110, 119 anywhere
        // A keypad answer first and words after ("3 头晕", "2，腿疼"): the digit counts beside the words, and the graver wins.
        if (tokens.FirstOrDefault(t => t.Kind != Kind.Break) is { Kind: Kind.Number } lead && Numbers.TryGetValue(Keypad(lead.Text), out var keyed))
        {
            if (keyed == ReplyKind.Help) senses.Add(Sense.Help);
            else if (keyed == ReplyKind.Unwell) senses.Add(Sense.Unwell);
        }
        var unknown = tokens.Where(t => t.Kind == Kind.Unknown).Sum(t => t.Text.Length);
        var alone = meaningful.Count == 1;

        if (senses.Contains(Sense.Help)) return new(ReplyKind.Help, code);
        if (senses.Contains(Sense.Unwell)) return new(ReplyKind.Unwell, code);
        if (senses.Contains(Sense.OptOut) || (alone && senses.Contains(Sense.OptOutAlone))) return new(ReplyKind.OptOut, code);
        if (senses.Contains(Sense.OptIn) || (alone && senses.Contains(Sense.OptInAlone))) return new(ReplyKind.OptIn, code);
        if (unknown > MaxUnknownLetters || senses.Contains(Sense.Question)) return new(ReplyKind.Unclear, code);
        var well = senses.Contains(Sense.Well);
        var yes = senses.Contains(Sense.Yes);
        var no = senses.Contains(Sense.No) || (senses.Count == 1 && senses.Contains(Sense.Negation));
        if (well) return new(ReplyKind.Well, code);
        if (yes && !no) return new(ReplyKind.Yes, code);
        if (no && !yes) return new(ReplyKind.No, code);
        return new(ReplyKind.Unclear, code);
    }

    /// <summary>One known word at most besides polite words and the code (OK, 好的 4821, NO): nothing more for a person to read.</summary>
    public static bool IsBare(string? text) =>
        Tokenize(Squeeze(Normalize(text ?? ""))).Count(t => t.Kind == Kind.Unknown || (t.Kind == Kind.Word && t.Sense != Sense.Filler)) <= 1;

    /// <summary>The senses present, after negation has turned "not + well" into unwell and "not + yes" into no.</summary>
    private static HashSet<Sense> Weigh(List<Token> tokens)
    {
        var senses = new HashSet<Sense>();
        var negated = false;
        foreach (var t in tokens)
        {
            if (t.Kind != Kind.Word) { negated = false; continue; }
            switch (t.Sense)
            {
                case Sense.Negation:
                    negated = true;
                    senses.Add(Sense.Negation);
                    continue;
                case Sense.Filler:
                    continue; // 不太好, not feeling good: fillers keep the negation going
                case Sense.Well when negated:
                    senses.Add(Sense.Unwell);
                    break;
                case Sense.Yes when negated:
                    senses.Add(Sense.No);
                    break;
                default:
                    senses.Add(t.Sense);
                    break;
            }
            negated = false;
        }
        return senses;
    }

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == ' ') { i++; continue; }
            if (c == ',') { tokens.Add(new(Kind.Break, Sense.Filler, ",")); i++; continue; }
            if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
                var run = s[i..end];
                // A digit glued to a word (3楼, 1号) is part of that word, not an answer.
                var glued = (i > 0 && IsWordChar(s[i - 1])) || (end < s.Length && IsWordChar(s[end]));
                tokens.Add(run.Length == 4 && !glued ? new(Kind.Code, Sense.Filler, run)
                    : run.Length >= 5 ? new(Kind.Number, Sense.Filler, "") // a phone number they added: ignored
                    : new(Kind.Number, Sense.Filler, run, glued));
                i = end;
                continue;
            }
            if (Match(s, i) is { } word)
            {
                tokens.Add(new(Kind.Word, word.Sense, word.Word));
                i += word.Word.Length;
                continue;
            }
            var stop = i + 1;
            if (char.IsAsciiLetter(c)) while (stop < s.Length && char.IsAsciiLetter(s[stop])) stop++;
            else if (char.IsHighSurrogate(c) && stop < s.Length) stop++;
            var text = s[i..stop];
            tokens.Add(char.IsAsciiLetter(c) && LooseWords.TryGetValue(Squeeze(text, english: true), out var loose)
                ? new(Kind.Word, loose, text) : new(Kind.Unknown, Sense.Filler, text));
            i = stop;
        }
        for (var t = 0; t < tokens.Count; t++)
        {
            // Unknown emoji and symbols carry no letters a person must read.
            if (tokens[t].Kind == Kind.Unknown && !tokens[t].Text.Any(char.IsLetterOrDigit)) tokens[t] = tokens[t] with { Kind = Kind.Break };
            // A digit glued to an unknown word (3楼, 1号) is part of it; glued to a known one (1谢谢, 打120) it stands.
            else if (tokens[t] is { Kind: Kind.Number, Glued: true } && tokens[t].Text.Length != 3
                && ((t > 0 && tokens[t - 1].Kind == Kind.Unknown) || (t + 1 < tokens.Count && tokens[t + 1].Kind == Kind.Unknown)))
                tokens[t] = tokens[t] with { Kind = Kind.Unknown };
        }
        return tokens;
    }

    private static (string Word, Sense Sense)? Match(string s, int i)
    {
        if (!Words.TryGetValue(s[i], out var candidates)) return null;
        foreach (var (word, sense) in candidates)
        {
            if (string.CompareOrdinal(s, i, word, 0, word.Length) != 0) continue;
            // English words match whole words only: "ill" is not in "will", "n" not in "no".
            if (char.IsAsciiLetter(word[0]) && i > 0 && char.IsAsciiLetter(s[i - 1])) continue;
            var end = i + word.Length;
            if (char.IsAsciiLetter(word[^1]) && end < s.Length && char.IsAsciiLetter(s[end])) continue;
            return (word, sense);
        }
        return null;
    }

    // A digit glued to a Chinese word (3楼, 1号) is part of it; OK4821 is a word and a code.
    private static bool IsWordChar(char c) => char.IsLetter(c) && !char.IsAsciiLetter(c);

    /// <summary>111 → 1: a key held down.</summary>
    private static string Keypad(string digits) => digits.Length <= 3 && digits.Distinct().Count() == 1 ? digits[..1] : digits;

    /// <summary>
    /// Half-width lower case, no control characters or emoji modifiers, apostrophes dropped (im, cant),
    /// punctuation as a break (","), spaces collapsed.
    /// </summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            var v = rune.Value;
            if (v is >= 0xFE00 and <= 0xFE0F or >= 0x1F3FB and <= 0x1F3FF or 0x200D) continue; // variation selectors, skin tones, ZWJ
            if (v is '\'' or '’' or '‘' or '`') continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.Control or UnicodeCategory.Format) sb.Append(' ');
            else if (v == '?') sb.Append('?');
            else if (Rune.IsPunctuation(rune) || category is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol) sb.Append(',');
            else sb.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return sb.ToString();
    }

    /// <summary>
    /// Repeated characters to one (好好好, 谢谢); English letters only from three on (goood → good, feel stays),
    /// or all runs with <paramref name="english"/> (helpp → help). Digits and surrogates untouched.
    /// </summary>
    public static string Squeeze(string s, bool english = false)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (sb.Length > 0 && c == sb[^1] && !char.IsAsciiDigit(c) && !char.IsSurrogate(c) && c != ' '
                && (english || !char.IsAsciiLetter(c) || (sb.Length > 1 && sb[^2] == c))) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
