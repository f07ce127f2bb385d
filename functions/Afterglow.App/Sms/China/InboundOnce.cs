using Afterglow.App.CheckIns;
using Afterglow.App.Storage;

namespace Afterglow.App.Sms.China;

/// <summary>
/// Pushed replies are handed to <see cref="SmsInbound"/> once per provider id: remembered after handling, so a batch
/// pushed again is skipped, and a crash before the note only means the (idempotent, keyed) handling runs again.
/// </summary>
public sealed class InboundOnce(StorageAccount storage, SmsInbound inbound)
{
    private const string Partition = "inbound-seen";

    public async Task<InboundOutcome?> HandleAsync(InboundSms sms, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Outbox, ct);
        var row = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sms.MessageId)))[..40];
        if (await CareRows.GetAsync<InboundSms>(table, Partition, row, ct) is not null) return null;
        var outcome = await inbound.HandleAsync(sms, ct);
        await table.UpsertEntityAsync(CareRows.Write(Partition, row, sms), Azure.Data.Tables.TableUpdateMode.Replace, ct);
        return outcome;
    }
}
