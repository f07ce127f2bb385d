using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Storage;

/// <summary>The row mapper: an entity as JSON in one column ("Json"), plus the few columns queries filter on.</summary>
public static class Rows
{
    public static TableEntity Write<T>(string pk, string rk, T value, ETag etag = default)
    {
        var e = new TableEntity(pk, rk) { ["Json"] = StorageJson.Write(value) };
        if (etag != default) e.ETag = etag;
        return e;
    }

    public static T Read<T>(TableEntity e) => StorageJson.Read<T>(e.GetString("Json"));

    public static async Task<(T Value, ETag ETag)?> GetAsync<T>(TableClient table, string pk, string rk, CancellationToken ct)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        return row.HasValue ? (Read<T>(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// Writes only over the version the caller read (<paramref name="etag"/> null: only when nothing is stored yet);
    /// the new version, or null when someone wrote first (the caller reads again and says so).
    /// </summary>
    public static async Task<ETag?> SaveAsync<T>(TableClient table, string pk, string rk, T value, ETag? etag, CancellationToken ct)
    {
        try
        {
            var response = etag is { } e
                ? await table.UpdateEntityAsync(Write(pk, rk, value), e, TableUpdateMode.Replace, ct)
                : await table.AddEntityAsync(Write(pk, rk, value), ct);
            return response.Headers.ETag;
        }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x) || x.Status == 404) { return null; }
    }

    public static async Task DeleteIfExistsAsync(TableClient table, string pk, string rk, CancellationToken ct)
    {
        try { await table.DeleteEntityAsync(pk, rk, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    /// <summary>Minute slots in UTC: the due buckets a sweep reads.</summary>
    public static string Slot(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
}
