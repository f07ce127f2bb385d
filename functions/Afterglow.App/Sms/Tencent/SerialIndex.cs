using System.Security.Cryptography;
using System.Text;
using Afterglow.App.Storage;
using Azure.Data.Tables;

namespace Afterglow.App.Sms.Tencent;

/// <summary>
/// Tencent's SerialNo → the dispatcher's batch tag, written when a send is answered. A status callback carries the
/// tag as "ext" only where Tencent's support has enabled SessionContext; otherwise its "sid" finds the tag here.
/// </summary>
public sealed class SerialIndex(StorageAccount storage)
{
    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Outbox, ct);

    private static string Partition(string serial) => "tc-sid-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serial)))[..2];
    private static string Row(string serial) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serial)))[..40];

    public async Task SaveAsync(IReadOnlyList<string> serials, string tag, CancellationToken ct)
    {
        var table = await Table(ct);
        foreach (var group in serials.GroupBy(Partition).SelectMany(g => g.Chunk(100)))
            await table.SubmitTransactionAsync(group.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(Partition(s), Row(s)) { ["Tag"] = tag })), ct);
    }

    public async Task<string?> TagOfAsync(string serial, CancellationToken ct)
    {
        var found = await (await Table(ct)).GetEntityIfExistsAsync<TableEntity>(Partition(serial), Row(serial), cancellationToken: ct);
        return found.HasValue ? found.Value!.GetString("Tag") : null;
    }
}
