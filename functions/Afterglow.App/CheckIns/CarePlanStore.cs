using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

public enum ConsentState { Asked, Yes, No }

/// <summary>
/// An emergency contact's answer to "may we text you when we cannot reach them?". Only a YES makes them an
/// escalation recipient; STOP withdraws. <see cref="Reassurance"/> opts in to the daily 平安 note.
/// </summary>
public sealed record ContactConsent
{
    public required string RetireeId { get; init; }
    public required string Phone { get; init; }
    public string Name { get; set; } = "";
    public ConsentState State { get; init; } = ConsentState.Asked;
    public DateTimeOffset AskedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public bool Reassurance { get; init; }
}

/// <summary>The retirees who use one phone number; the registry stays the truth (a stale link is checked against it).</summary>
public sealed record PhoneLink(IReadOnlyList<string> RetireeIds);

/// <summary>
/// Care plans (one row per retiree), contacts' consent (keyed phone first, so a reply finds its rows by prefix),
/// the phone → retiree links replies are matched with, and the escalation policy, in the CarePlans table.
/// </summary>
public sealed class CarePlanStore(StorageAccount storage)
{
    private const string PlanPartition = "plan";
    private const string ConsentPartition = "consent";
    private const string PolicyPartition = "policy";
    private const string PhonePartition = "phone";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.CarePlans, ct);

    public async Task<(CarePlan Plan, ETag ETag)?> GetAsync(string retireeId, CancellationToken ct) =>
        await CareRows.GetAsync<CarePlan>(await Table(ct), PlanPartition, retireeId, ct);

    /// <summary>Writes the plan if nobody changed it since <paramref name="etag"/> (default: only if new). False on a conflict.</summary>
    public async Task<bool> TrySaveAsync(CarePlan plan, ETag etag, CancellationToken ct)
    {
        var table = await Table(ct);
        try
        {
            if (etag == default) await table.AddEntityAsync(CareRows.Write(PlanPartition, plan.RetireeId, plan), ct);
            else await table.UpdateEntityAsync(CareRows.Write(PlanPartition, plan.RetireeId, plan), etag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (CareRows.IsConflict(e)) { return false; }
    }

    /// <summary>Re-reads and applies <paramref name="change"/> until the write wins; null when there is no plan or the change declines.</summary>
    public async Task<CarePlan?> UpdateAsync(string retireeId, Func<CarePlan, CarePlan?> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await GetAsync(retireeId, ct) is not var (plan, etag) || change(plan) is not { } next) return null;
            if (await TrySaveAsync(next, etag, ct)) return next;
        }
        throw new InvalidOperationException($"The care plan of {retireeId} kept changing.");
    }

    /// <summary>Every plan: for the nightly refresh and the morning count only, never for the minute sweep.</summary>
    public async Task<IReadOnlyList<CarePlan>> ListAsync(CancellationToken ct)
    {
        var table = await Table(ct);
        var list = new List<CarePlan>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == PlanPartition, maxPerPage: 1000, cancellationToken: ct))
            list.Add(CareRows.Read<CarePlan>(e));
        return list;
    }

    /// <summary>Writes many plans, 100 per transaction (imports and the simulation).</summary>
    public async Task SaveManyAsync(IReadOnlyList<CarePlan> plans, CancellationToken ct)
    {
        var table = await Table(ct);
        foreach (var chunk in plans.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CareRows.Write(PlanPartition, p.RetireeId, p))), ct);
    }

    /// <summary>Adds many new plans, 100 per transaction; a plan already there (a retry) is kept as it is.</summary>
    public async Task AddManyAsync(IReadOnlyList<CarePlan> plans, CancellationToken ct)
    {
        var table = await Table(ct);
        foreach (var chunk in plans.Chunk(100))
        {
            try { await table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.Add, CareRows.Write(PlanPartition, p.RetireeId, p))), ct); }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                foreach (var p in chunk) await TrySaveAsync(p, default, ct);
            }
        }
    }

    // Phone → retirees: a reply is matched by one point read, without loading the registry.

    public async Task<IReadOnlyList<string>> RetireesOfPhoneAsync(string phone, CancellationToken ct) =>
        (await CareRows.GetAsync<PhoneLink>(await Table(ct), PhonePartition, phone, ct))?.Value.RetireeIds ?? [];

    /// <summary>Records that this retiree answers from this phone (a couple may share one).</summary>
    public async Task LinkPhoneAsync(string phone, string retireeId, CancellationToken ct) =>
        await Optimistic.UpdateRowAsync<PhoneLink>(await Table(ct), PhonePartition, phone,
            found => found?.RetireeIds.Contains(retireeId) == true ? null : new PhoneLink([.. found?.RetireeIds ?? [], retireeId]), ct);

    public async Task<EscalationPolicy> GetPolicyAsync(CancellationToken ct) =>
        (await CareRows.GetAsync<EscalationPolicy>(await Table(ct), PolicyPartition, "escalation", ct))?.Value ?? EscalationPolicy.Default;

    public async Task SavePolicyAsync(EscalationPolicy policy, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(PolicyPartition, "escalation", policy), TableUpdateMode.Replace, ct);

    private static string ConsentKey(string phone, string retireeId) => $"{phone}|{retireeId}";

    public async Task<(ContactConsent Consent, ETag ETag)?> GetConsentAsync(string phone, string retireeId, CancellationToken ct) =>
        await CareRows.GetAsync<ContactConsent>(await Table(ct), ConsentPartition, ConsentKey(phone, retireeId), ct);

    /// <summary>Adds a consent row if there is none yet; true when this call added it (so the request SMS is sent once).</summary>
    public async Task<bool> TryAddConsentAsync(ContactConsent consent, CancellationToken ct)
    {
        try
        {
            await (await Table(ct)).AddEntityAsync(CareRows.Write(ConsentPartition, ConsentKey(consent.Phone, consent.RetireeId), consent), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409) { return false; }
    }

    public async Task SaveConsentAsync(ContactConsent consent, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(ConsentPartition, ConsentKey(consent.Phone, consent.RetireeId), consent), TableUpdateMode.Replace, ct);

    /// <summary>Every retiree who named this phone as a contact: a prefix range within the consent partition.</summary>
    public async Task<IReadOnlyList<ContactConsent>> ConsentsOfPhoneAsync(string phone, CancellationToken ct)
    {
        var table = await Table(ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ConsentPartition} and RowKey ge {phone + "|"} and RowKey lt {phone + "}"}");
        var list = new List<ContactConsent>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) list.Add(CareRows.Read<ContactConsent>(e));
        return list;
    }
}
