using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

/// <summary>The care engine's name for the storage row mapper (<see cref="Rows"/>); kept so its callers read as before.</summary>
internal static class CareRows
{
    public static TableEntity Write<T>(string pk, string rk, T value, ETag etag = default) => Rows.Write(pk, rk, value, etag);
    public static T Read<T>(TableEntity e) => Rows.Read<T>(e);
    public static Task<(T Value, ETag ETag)?> GetAsync<T>(TableClient table, string pk, string rk, CancellationToken ct) => Rows.GetAsync<T>(table, pk, rk, ct);
    public static bool IsConflict(RequestFailedException e) => Optimistic.IsConflict(e);
    public static Task DeleteIfExistsAsync(TableClient table, string pk, string rk, CancellationToken ct) => Rows.DeleteIfExistsAsync(table, pk, rk, ct);
    public static string Slot(DateTimeOffset utc) => Rows.Slot(utc);
}
