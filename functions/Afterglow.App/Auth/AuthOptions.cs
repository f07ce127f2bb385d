using Afterglow.App.Configuration;

namespace Afterglow.App.Auth;

/// <summary>Sign-in settings (Auth:*): the login limit and optional Entra ID (OpenID Connect). Bound and checked at start-up.</summary>
public sealed record AuthOptions : ISettings
{
    public const string Section = "Auth";

    /// <summary>Attempts a minute per client address and per account: plenty for a person, too few to guess passwords.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
    public OidcOptions Oidc { get; set; } = new();

    public bool OidcEnabled => Oidc.Authority is not null;

    public IEnumerable<string> Problems()
    {
        if (LoginAttemptsPerMinute is < 1 or > 100_000)
            yield return $"{StorageKey(AppSettings.AuthLoginAttemptsPerMinute)} must be a whole number from 1 to 100000 (is {LoginAttemptsPerMinute}).";
        if (Oidc.Authority is null) yield break;
        if (!Uri.TryCreate(Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            yield return $"{StorageKey(AppSettings.OidcAuthority)} must be an https URL (is \"{Oidc.Authority}\").";
        if (Oidc.ClientId is null) yield return $"{StorageKey(AppSettings.OidcClientId)} must be set when {StorageKey(AppSettings.OidcAuthority)} is.";
    }

    /// <summary>Never prints the client secret (a record would).</summary>
    public override string ToString() => $"AuthOptions {{ LoginAttemptsPerMinute = {LoginAttemptsPerMinute}, Oidc.Authority = {Oidc.Authority} }}";

    private static string StorageKey(string setting) => Storage.StorageAccount.Key(setting);
}

/// <summary>Entra ID sign-in for people who already have an account (Auth:Oidc:*); off while Authority is empty.</summary>
public sealed record OidcOptions
{
    public string? Authority { get; set => field = Settings.OrNull(value); }
    public string? ClientId { get; set => field = Settings.OrNull(value); }
    public string? ClientSecret { get; set => field = Settings.OrNull(value); }

    public override string ToString() => $"OidcOptions {{ Authority = {Authority}, ClientId = {ClientId} }}";
}
