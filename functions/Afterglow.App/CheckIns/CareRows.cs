using System.Text.Json;
using Afterglow.App.Problems;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

/// <summary>Entities as JSON in one column, mapped by hand (AOT-friendly), plus the few columns queries filter on.</summary>
internal static class CareRows
{
    public static TableEntity Write<T>(string pk, string rk, T value, ETag etag = default)
    {
        var e = new TableEntity(pk, rk) { ["Json"] = JsonSerializer.Serialize(value, ProblemExtensions.Json) };
        if (etag != default) e.ETag = etag;
        return e;
    }

    public static T Read<T>(TableEntity e) => JsonSerializer.Deserialize<T>(e.GetString("Json"), ProblemExtensions.Json)!;

    public static async Task<(T Value, ETag ETag)?> GetAsync<T>(TableClient table, string pk, string rk, CancellationToken ct)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        return row.HasValue ? (Read<T>(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Someone else wrote first: 412 on an ETag, 409 on an insert (also inside a transaction).</summary>
    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;

    public static async Task DeleteIfExistsAsync(TableClient table, string pk, string rk, CancellationToken ct)
    {
        try { await table.DeleteEntityAsync(pk, rk, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    /// <summary>Minute slots in UTC: the due buckets a sweep reads.</summary>
    public static string Slot(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
}
