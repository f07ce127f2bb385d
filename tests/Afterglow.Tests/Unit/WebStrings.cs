using System.Text.RegularExpressions;
using Afterglow.Tests.Deployment;

namespace Afterglow.Tests.Unit;

/// <summary>The dashboard's string tables (web/src/strings/en.ts, zh.ts) as key → words, for tests that check the server's codes are worded.</summary>
internal static partial class WebStrings
{
    public static readonly string[] Files = ["en.ts", "zh.ts"];

    public static Dictionary<string, string> Table(string file) =>
        StringEntry().Matches(File.ReadAllText(Repository.PathTo($"web/src/strings/{file}")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value);

    // 'key': 'words', or 'key': "words with an apostrophe", one entry per line.
    [GeneratedRegex("""^\s*'([\w.]+)':\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"),?\s*$""", RegexOptions.Multiline)]
    private static partial Regex StringEntry();
}
