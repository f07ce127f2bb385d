using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Memo;

/// <summary>Memos in Table Storage: one row per year ("memo", "2027") holding its dates; revisions under the row's ETag.</summary>
public sealed class MemoStore(StorageAccount storage)
{
    private const string Partition = "memo";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Memos, ct);

    /// <summary>The year's memo and its ETag, or an empty one (revision 0, no ETag) when none was written.</summary>
    public async Task<(AnnualMemo Memo, ETag ETag)> GetAsync(int year, CancellationToken ct) =>
        await Rows.GetAsync<AnnualMemo>(await Table(ct), Partition, Key(year), ct) is { } found ? found : (new AnnualMemo { Year = year }, default);

    /// <summary>Writes the memo if nobody did since <paramref name="etag"/> (default: it must still be new); false when someone did.</summary>
    public async Task<bool> TrySaveAsync(AnnualMemo memo, ETag etag, CancellationToken ct)
    {
        var table = await Table(ct);
        try
        {
            if (etag == default) await table.AddEntityAsync(Rows.Write(Partition, Key(memo.Year), memo), ct);
            else await table.UpdateEntityAsync(Rows.Write(Partition, Key(memo.Year), memo), etag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException x) when (Optimistic.IsConflict(x)) { return false; }
    }

    private static string Key(int year) => year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
