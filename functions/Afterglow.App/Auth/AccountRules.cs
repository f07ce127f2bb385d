using Afterglow.App.Problems;
using Afterglow.Domain.Text;

namespace Afterglow.App.Auth;

/// <summary>What an account's email and display name must be.</summary>
public static class AccountRules
{
    public const int MaxEmail = 254;
    private const string LocalChars = "!#$%&'*+-/=?^_`{|}~.";

    /// <summary>An ordinary address: local@domain.tld, ASCII, no quoted or IP-literal forms.</summary>
    public static bool IsEmail(string? email)
    {
        var e = email?.Trim();
        if (string.IsNullOrEmpty(e) || e.Length > MaxEmail) return false;
        var at = e.IndexOf('@');
        if (at <= 0 || at != e.LastIndexOf('@') || at > 64) return false;
        var local = e[..at];
        var domain = e[(at + 1)..];
        if (!local.All(c => char.IsAsciiLetterOrDigit(c) || LocalChars.Contains(c))) return false;
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)) return false;
        var labels = domain.Split('.');
        if (labels.Length < 2) return false;
        if (labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))) return false;
        return labels[^1].Length >= 2 && labels[^1].All(char.IsAsciiLetter);
    }

    public static void CheckName(string? name, FieldErrors errors, bool required)
    {
        if (name is null) { if (required) errors.Add("displayName", "Enter a name of at most 100 characters."); return; }
        if (name.Trim().Length == 0 || name.Length > 100) errors.Add("displayName", "Enter a name of at most 100 characters.");
        else if (!ReadableText.IsSafe(name)) errors.Add("displayName", ReadableText.Describe(name));
    }
}
