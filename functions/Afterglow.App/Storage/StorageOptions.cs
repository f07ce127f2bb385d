using Afterglow.App.Configuration;

namespace Afterglow.App.Storage;

/// <summary>Where the tables, blobs and queues are and how hard a call tries (Storage:*), bound and checked at start-up.</summary>
public sealed record StorageOptions : ISettings
{
    public const string Section = "Storage";

    /// <summary>Locally (Azurite); in Azure the service URIs and a managed identity instead.</summary>
    public string? ConnectionString { get; set => field = Settings.OrNull(value); }
    public string? TableServiceUri { get; set => field = Settings.OrNull(value); }
    public string? BlobServiceUri { get; set => field = Settings.OrNull(value); }
    /// <summary>The inbound SMS events queue (Event Grid); only the queue function needs it.</summary>
    public string? QueueServiceUri { get; set => field = Settings.OrNull(value); }
    public string? Credential { get; set => field = Settings.OrNull(value); }
    public string? ClientId { get; set => field = Settings.OrNull(value); }
    /// <summary>Tests give each run its own prefix so they can share one Azurite.</summary>
    public string Prefix { get; set => field = Settings.OrDefault(value, ""); } = "";
    /// <summary>The SDK's retries of one call (exponential, from <see cref="RetryDelay"/>); the caller retries after that.</summary>
    public int MaxRetries { get; set; } = 3;
    public double RetryDelaySeconds { get; set; } = 0.8;

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(RetryDelaySeconds);

    public static StorageOptions Read(IConfiguration config) => Settings.Read<StorageOptions>(config, Section, (c, o) => c.Bind(o));

    public IEnumerable<string> Problems()
    {
        if (MaxRetries is < 0 or > 10)
            yield return $"{StorageAccount.Key(AppSettings.StorageMaxRetries)} must be a whole number from 0 to 10 (is {MaxRetries}).";
        if (RetryDelaySeconds is < 0.01 or > 60 || !double.IsFinite(RetryDelaySeconds))
            yield return $"{StorageAccount.Key(AppSettings.StorageRetryDelaySeconds)} must be between 0.01 and 60 seconds (is {RetryDelaySeconds}).";
        if (ConnectionString is null)
        {
            if (!Uri.TryCreate(TableServiceUri, UriKind.Absolute, out _))
                yield return $"Set {StorageAccount.Key(AppSettings.StorageConnectionString)}, or {StorageAccount.Key(AppSettings.StorageTableServiceUri)} as an absolute URI.";
            if (!Uri.TryCreate(BlobServiceUri, UriKind.Absolute, out _))
                yield return $"Set {StorageAccount.Key(AppSettings.StorageBlobServiceUri)} as an absolute URI.";
        }
        // Table names are letters and digits, and start with a letter; container names are lower case.
        if (Prefix.Length > 20 || !Prefix.All(char.IsAsciiLetterOrDigit) || (Prefix.Length > 0 && !char.IsAsciiLetter(Prefix[0])))
            yield return $"{StorageAccount.Key(AppSettings.StoragePrefix)} must be up to 20 letters and digits, starting with a letter (is \"{Prefix}\").";
    }
}
