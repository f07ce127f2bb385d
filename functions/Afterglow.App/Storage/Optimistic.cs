using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Storage;

/// <summary>
/// Read-modify-write under an ETag: read, change, write only if nobody wrote in between; on a lost race wait a
/// short random moment (so racing instances fall out of step) and try again, a bounded number of times.
/// </summary>
public static class Optimistic
{
    public const int MaxAttempts = 20;

    /// <summary>Someone else wrote first: 412 on an ETag, 409 on an insert (also inside a transaction).</summary>
    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;

    /// <summary>
    /// Runs <paramref name="attempt"/> until it reports done. An attempt returns (false, _) — or throws a 409/412 —
    /// when it lost a race. Throws when it keeps losing after <see cref="MaxAttempts"/> tries.
    /// </summary>
    public static async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<(bool Done, T Result)>> attempt, CancellationToken ct, int maxAttempts = MaxAttempts)
    {
        for (var n = 0; n < maxAttempts; n++)
        {
            if (n > 0) await Task.Delay(Jitter(n), ct);
            try
            {
                var (done, result) = await attempt(ct);
                if (done) return result;
            }
            catch (RequestFailedException e) when (IsConflict(e)) { }
        }
        throw new ConcurrencyException($"{what} kept changing: {maxAttempts} writes in a row lost the race.");
    }

    /// <summary>
    /// Changes one JSON row (see <see cref="Rows"/>): <paramref name="change"/> gets the stored value, or null when
    /// there is none (the row is then added); it returns null to leave the row as it is. Returns what is stored after.
    /// </summary>
    public static Task<T?> UpdateRowAsync<T>(TableClient table, string pk, string rk, Func<T?, T?> change, CancellationToken ct) where T : class =>
        RetryAsync<T?>($"Row {pk}/{rk}", async token =>
        {
            var found = await Rows.GetAsync<T>(table, pk, rk, token);
            if (change(found?.Value) is not { } next) return (true, found?.Value);
            if (found is { } f) await table.UpdateEntityAsync(Rows.Write(pk, rk, next), f.ETag, TableUpdateMode.Replace, token);
            else await table.AddEntityAsync(Rows.Write(pk, rk, next), token);
            return (true, next);
        }, ct);

    /// <summary>A few milliseconds, growing with the attempt, at random: 0–10 ms, 0–20 ms … at most 0–320 ms.</summary>
    public static TimeSpan Jitter(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(0, 10 << Math.Min(attempt, 5)));
}

/// <summary>A read-modify-write that kept losing to other writers.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);
