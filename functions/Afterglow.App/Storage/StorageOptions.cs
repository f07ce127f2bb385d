using System.Globalization;
using Afterglow.App.Configuration;

namespace Afterglow.App.Storage;

/// <summary>Where the tables and blobs are and how hard a call tries (Storage:*), read and checked once at start-up.</summary>
public sealed record StorageOptions
{
    /// <summary>Locally (Azurite); in Azure the service URIs and a managed identity instead.</summary>
    public string? ConnectionString { get; init; }
    public string? TableServiceUri { get; init; }
    public string? BlobServiceUri { get; init; }
    public string? Credential { get; init; }
    public string? ClientId { get; init; }
    /// <summary>Tests give each run its own prefix so they can share one Azurite.</summary>
    public string Prefix { get; init; } = "";
    /// <summary>The SDK's retries of one call (exponential, from <see cref="RetryDelay"/>); the caller retries after that.</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    public static StorageOptions Read(IConfiguration config)
    {
        string? Get(string setting) => config[StorageAccount.Key(setting)] is { Length: > 0 } v ? v : null;
        var o = new StorageOptions
        {
            ConnectionString = Get(AppSettings.StorageConnectionString),
            TableServiceUri = Get(AppSettings.StorageTableServiceUri),
            BlobServiceUri = Get(AppSettings.StorageBlobServiceUri),
            Credential = Get(AppSettings.StorageCredential),
            ClientId = Get(AppSettings.StorageClientId),
            Prefix = Get(AppSettings.StoragePrefix) ?? "",
        };
        var errors = new List<string>();
        if (Get(AppSettings.StorageMaxRetries) is { } retries)
        {
            if (int.TryParse(retries, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 10) o = o with { MaxRetries = n };
            else errors.Add($"{StorageAccount.Key(AppSettings.StorageMaxRetries)} must be a whole number from 0 to 10 (is \"{retries}\").");
        }
        if (Get(AppSettings.StorageRetryDelaySeconds) is { } delay)
        {
            if (double.TryParse(delay, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0.01 and <= 60) o = o with { RetryDelay = TimeSpan.FromSeconds(s) };
            else errors.Add($"{StorageAccount.Key(AppSettings.StorageRetryDelaySeconds)} must be between 0.01 and 60 seconds (is \"{delay}\").");
        }
        errors.AddRange(o.Validate());
        if (errors.Count > 0) throw new InvalidOperationException("Storage settings: " + string.Join(" ", errors));
        return o;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ConnectionString is null)
        {
            if (!Uri.TryCreate(TableServiceUri, UriKind.Absolute, out _))
                errors.Add($"Set {StorageAccount.Key(AppSettings.StorageConnectionString)}, or {StorageAccount.Key(AppSettings.StorageTableServiceUri)} as an absolute URI.");
            if (!Uri.TryCreate(BlobServiceUri, UriKind.Absolute, out _))
                errors.Add($"Set {StorageAccount.Key(AppSettings.StorageBlobServiceUri)} as an absolute URI.");
        }
        // Table names are letters and digits, and start with a letter; container names are lower case.
        if (Prefix.Length > 20 || !Prefix.All(char.IsAsciiLetterOrDigit) || (Prefix.Length > 0 && !char.IsAsciiLetter(Prefix[0])))
            errors.Add($"{StorageAccount.Key(AppSettings.StoragePrefix)} must be up to 20 letters and digits, starting with a letter (is \"{Prefix}\").");
        return errors;
    }
}
