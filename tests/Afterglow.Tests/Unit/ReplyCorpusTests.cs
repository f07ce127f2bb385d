using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Afterglow.Domain.CheckIns;
using Xunit.Abstractions;

namespace Afterglow.Tests.Unit;

/// <summary>
/// The classifier against reply-corpus.tsv: replies written the way older people text, each labelled by hand
/// with the class a coordinator would give it. Prints precision and recall per class; fails on any distress
/// reply read as well, and below the measured accuracy floor.
/// </summary>
public class ReplyCorpusTests(ITestOutputHelper output)
{
    // Measured 99.6 % on 2026-12-02 (in-sample: the lexicon was written alongside this corpus; the held-out number
    // is in docs/decisions/0010-reply-classifier-and-call-channel.md). Raise it when the classifier improves, never lower it.
    private const double AccuracyFloor = 0.97;

    public sealed record Sample(int Line, string Who, string Expected, string Text);

    public static IReadOnlyList<Sample> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Unit", file);
        var samples = new List<Sample>();
        var n = 0;
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            n++;
            if (line.StartsWith('#') || line.Length == 0) continue;
            var parts = line.Split('\t', 3);
            samples.Add(new Sample(n, parts[0], parts[1], Unescape(parts.Length > 2 ? parts[2] : "")));
        }
        return samples;
    }

    private static string Unescape(string s) => Regex.Replace(s.Replace("\\t", "\t").Replace("\\n", "\n"), @"\\u\{([0-9A-Fa-f]+)\}",
        m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    public static string Classify(Sample s)
    {
        var kind = ReplyClassifier.Classify(s.Text).Kind;
        return (s.Who == "retiree" ? ReplyMeanings.ForCheckIn(kind) : ReplyMeanings.ForContact(kind)).ToString().ToLowerInvariant();
    }

    [Fact]
    public void The_corpus_is_classified_with_no_distress_read_as_well()
    {
        var samples = Load("reply-corpus.tsv");
        Assert.True(samples.Count >= 300, $"The corpus has {samples.Count} replies; it needs at least 300.");
        var results = samples.Select(s => (Sample: s, Got: Classify(s))).ToList();

        foreach (var cls in results.Select(r => r.Sample.Expected).Union(results.Select(r => r.Got)).Order())
        {
            var tp = results.Count(r => r.Sample.Expected == cls && r.Got == cls);
            var predicted = results.Count(r => r.Got == cls);
            var actual = results.Count(r => r.Sample.Expected == cls);
            output.WriteLine($"{cls,-8} n={actual,3}  precision={(predicted == 0 ? 1 : (double)tp / predicted):P1}  recall={(actual == 0 ? 1 : (double)tp / actual):P1}");
        }
        var accuracy = (double)results.Count(r => r.Got == r.Sample.Expected) / results.Count;
        output.WriteLine($"overall  n={results.Count}  accuracy={accuracy:P1}");
        foreach (var miss in results.Where(r => r.Got != r.Sample.Expected))
            output.WriteLine($"  line {miss.Sample.Line}: '{miss.Sample.Text}' expected {miss.Sample.Expected}, got {miss.Got}");

        var distressAsWell = results.Where(r => r.Sample.Expected is "unwell" or "help" && r.Got is "well" or "yes").Select(r => r.Sample.Text).ToList();
        Assert.True(distressAsWell.Count == 0, "Distress read as well: " + string.Join(" | ", distressAsWell));
        Assert.True(accuracy >= AccuracyFloor, $"Accuracy {accuracy:P1} is below the floor {AccuracyFloor:P0}.");
    }

    /// <summary>
    /// The simulation's replies, written apart and never used to tune the lexicon: the honest (held-out) measure.
    /// No floor beyond "no distress read as well" — its accuracy is reported, not chased.
    /// </summary>
    [Fact]
    public void Held_out_replies_never_read_distress_as_well()
    {
        var samples = Load("held-out-replies.tsv").Select(s => new Sample(s.Line, "retiree", s.Who, s.Text)).ToList();
        var results = samples.Select(s => (Sample: s, Got: Classify(s))).ToList();
        output.WriteLine($"held-out n={results.Count} accuracy={(double)results.Count(r => r.Got == r.Sample.Expected) / results.Count:P1}");
        foreach (var miss in results.Where(r => r.Got != r.Sample.Expected))
            output.WriteLine($"  line {miss.Sample.Line}: '{miss.Sample.Text}' expected {miss.Sample.Expected}, got {miss.Got}");
        Assert.DoesNotContain(results, r => r.Sample.Expected is "unwell" or "help" && r.Got == "well");
    }
}
