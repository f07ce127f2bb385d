using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Storage;

/// <summary>
/// Deletes the rows a filter finds, each under the ETag it was read with: a row that changed since (an inbox item
/// reopened, a message re-queued) is left alone. Transactions of 100 per partition; a transaction that meets a
/// changed or already deleted row (a rerun after a crash) is redone row by row, skipping those.
/// </summary>
public static class Prune
{
    public static async Task<int> DeleteAsync(TableClient table, string filter, Func<TableEntity, bool> finished, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
            if (finished(e)) rows.Add(e);
        var deleted = 0;
        foreach (var chunk in rows.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, e.ETag)), ct);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException)
            {
                foreach (var e in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, e.ETag, ct);
                        deleted++;
                    }
                    catch (RequestFailedException x) when (x.Status is 404 or 412) { }
                }
            }
        }
        return deleted;
    }
}
