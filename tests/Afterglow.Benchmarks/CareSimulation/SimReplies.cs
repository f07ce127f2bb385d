using System.Text;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>
/// What simulated retirees write back, drawn from replies.tsv — a corpus written apart from the classifier's
/// test corpus and never used to tune it. The shares below are assumptions, not measurements (no office has
/// given us reply logs yet): they are set high enough to exercise every path, and are reported with the results.
/// </summary>
public static class SimReplies
{
    /// <summary>Of the check-ins answered: needs help, unwell, words a person must read; the rest are well.</summary>
    public const double Help = 0.003, Unwell = 0.012, Unclear = 0.08;
    /// <summary>Of the check-ins answered: the answer is STOP/退订 instead (about one daily-plan retiree in 60 a month).</summary>
    public const double OptOut = 0.0005;
    /// <summary>Of the daily plans: on the call channel from the start (landline only, cannot read, prefers a voice).</summary>
    public const double OnCalls = 0.05;

    private static readonly Dictionary<string, (string Text, int Weight)[]> ByClass = Load();

    private static Dictionary<string, (string, int)[]> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "CareSimulation", "replies.tsv");
        return File.ReadAllLines(path, Encoding.UTF8)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 3))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Select(p => (p.Length > 2 ? p[2] : "", int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray());
    }

    /// <summary>A reply to a check-in: the class by the shares above, the text by its weight within the class.</summary>
    public static (string Class, string Text) Draw(Random r)
    {
        var roll = r.NextDouble();
        var cls = roll < OptOut ? "optout" : roll < OptOut + Help ? "help" : roll < OptOut + Help + Unwell ? "unwell" : roll < OptOut + Help + Unwell + Unclear ? "unclear" : "well";
        return (cls, Pick(r, cls));
    }

    public static string Pick(Random r, string cls)
    {
        var options = ByClass[cls];
        var n = r.Next(options.Sum(o => o.Weight));
        foreach (var (text, weight) in options)
            if ((n -= weight) < 0) return text;
        return options[^1].Text;
    }
}
