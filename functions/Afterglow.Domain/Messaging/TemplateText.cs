using System.Text.RegularExpressions;

namespace Afterglow.Domain.Messaging;

/// <summary>
/// Template text with {parameters}. Rendering refuses a missing parameter rather than sending "{name}" to a
/// retiree; the parameters a text needs are read from the text itself.
/// </summary>
public static partial class TemplateText
{
    public static IReadOnlyList<string> ParametersOf(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Missing(string text, IReadOnlyDictionary<string, string> parameters) =>
        ParametersOf(text).Where(p => !parameters.ContainsKey(p)).ToList();

    public static string Render(string text, IReadOnlyDictionary<string, string> parameters)
    {
        if (Missing(text, parameters) is [var first, ..]) throw new ArgumentException($"The template needs the parameter {first}.", nameof(parameters));
        return Placeholder().Replace(text, m => parameters[m.Groups[1].Value]);
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
