using System.Text;

namespace Afterglow.App.Retirees;

/// <summary>
/// RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes; comma, semicolon or tab as the
/// separator (whichever the header line uses most). Small enough to own; the mirror's CsvHelper is a rewrite
/// whose API we do not depend on.
/// </summary>
public static class Csv
{
    /// <summary>Records with the line each starts on (1-based), so errors can name it.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(string text)
    {
        text = text.TrimStart('\uFEFF');
        var separator = DetectSeparator(text);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.Length == 0) quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                field.Clear();
                yield return (recordLine, fields.ToArray());
                fields.Clear();
                line++;
                recordLine = line;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields.ToArray());
        }
    }

    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Escape));

    /// <summary>
    /// Quotes when needed; a leading = + - @ (or a tab or line break, which spreadsheets skip before a formula:
    /// OWASP's CSV injection list) is prefixed with ' so Excel never runs it as a formula. Numbers stay numbers.
    /// </summary>
    public static string Escape(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '@' or '-' or '\t' or '\r' or '\n' && !double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _)) v = "'" + v;
        return v.IndexOfAny([',', '"', '\r', '\n', ';', '\t']) >= 0 ? $"\"{v.Replace("\"", "\"\"")}\"" : v;
    }

    private static char DetectSeparator(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return new[] { ',', ';', '\t' }.MaxBy(s => header.Count(c => c == s));
    }
}
