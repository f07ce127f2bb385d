using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Storage;
using Afterglow.Domain.Registry;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Retirees;

public enum WriteOutcome { Ok, NotFound, Stale, DuplicateIdNumber }

public sealed record WriteResult(WriteOutcome Outcome, Retiree? Retiree = null, ETag ETag = default);

/// <summary>
/// Retirees in Table Storage: one partition ("r", a registry of a few thousand fits one partition's limits and
/// lets an import write 100 rows per transaction), the profile as JSON, the summary beside it. ID numbers are
/// unique through a key row in RetireeKeys. Every write appends to the registry change feed and the audit trail.
/// </summary>
public sealed class RetireeStore(StorageAccount storage, RegistryIndex index, OfficeClock clock, AuditLog audit)
{
    private const string Partition = "r";
    private const string IdNumberPartition = "idNumber";

    public static string NewId() => "r" + Ulid();

    /// <summary>The shape NewId makes: a query naming a retiree is checked before it becomes a storage key.</summary>
    public static bool IsId(string id) => id.Length is > 1 and <= 64 && id[0] == 'r' && id.All(char.IsAsciiLetterOrDigit);

    public async Task<(Retiree Retiree, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        return row.HasValue ? (FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    public async Task<WriteResult> CreateAsync(RetireeProfile profile, Caller who, CancellationToken ct)
    {
        var retiree = Build(NewId(), profile, clock.UtcNow, clock.UtcNow);
        if (profile.IdNumber is { } idn && !await ClaimIdNumberAsync(idn, retiree.Id, ct))
            return new WriteResult(WriteOutcome.DuplicateIdNumber);
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        var response = await table.AddEntityAsync(ToEntity(retiree), ct);
        await index.PublishAsync([RetireeSummary.Of(retiree, clock.Today)], ct);
        await audit.RecordAsync(who, "retiree.create", retiree.Id, $"Registered {profile.Name}", ct);
        return new WriteResult(WriteOutcome.Ok, retiree, response.Headers.ETag ?? default);
    }

    /// <summary>Replaces the profile only if nobody changed it since <paramref name="ifMatch"/> was read.</summary>
    public async Task<WriteResult> ReplaceAsync(string id, RetireeProfile profile, ETag ifMatch, Caller who, string action, CancellationToken ct)
    {
        var current = await GetAsync(id, ct);
        if (current is null) return new WriteResult(WriteOutcome.NotFound);
        if (ifMatch != ETag.All && current.Value.ETag != ifMatch) return new WriteResult(WriteOutcome.Stale);
        var old = current.Value.Retiree;
        if (profile.IdNumber is { } idn && idn != old.Profile.IdNumber && !await ClaimIdNumberAsync(idn, id, ct))
            return new WriteResult(WriteOutcome.DuplicateIdNumber);

        var retiree = Build(id, profile, old.CreatedAt, clock.UtcNow);
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        Response response;
        try { response = await table.UpdateEntityAsync(ToEntity(retiree), current.Value.ETag, TableUpdateMode.Replace, ct); }
        catch (RequestFailedException e) when (e.Status == 412) { return new WriteResult(WriteOutcome.Stale); }

        if (old.Profile.IdNumber is { } oldIdn && oldIdn != profile.IdNumber) await ReleaseIdNumberAsync(oldIdn, id, ct);
        await index.PublishAsync([RetireeSummary.Of(retiree, clock.Today)], ct);
        await audit.RecordAsync(who, action, id, ProfileDiff.Describe(old.Profile, profile), ct);
        return new WriteResult(WriteOutcome.Ok, retiree, response.Headers.ETag ?? default);
    }

    /// <summary>Writes many new retirees with new ids (see the overload).</summary>
    public Task<(int Written, IReadOnlyList<RetireeProfile> Failed)> CreateManyAsync(IReadOnlyList<RetireeProfile> profiles, Caller who, CancellationToken ct,
        Func<IReadOnlyList<Retiree>, CancellationToken, Task>? written = null) =>
        CreateManyAsync(profiles.Select(p => (NewId(), p)).ToList(), who, ct, written);

    /// <summary>
    /// Writes many new retirees under the ids given, 100 per transaction, chunks in parallel. The caller has checked
    /// ID numbers against the index and within the batch; a key taken meanwhile by someone else fails that row.
    /// Written again after a crash (an import job resuming), a row or key already stored under the same id counts
    /// as written, never as a second person. <paramref name="written"/> is given each chunk once it is stored.
    /// </summary>
    public async Task<(int Written, IReadOnlyList<RetireeProfile> Failed)> CreateManyAsync(IReadOnlyList<(string Id, RetireeProfile Profile)> rows, Caller who,
        CancellationToken ct, Func<IReadOnlyList<Retiree>, CancellationToken, Task>? written = null)
    {
        var now = clock.UtcNow;
        var retirees = rows.Select(r => Build(r.Id, r.Profile, now, now)).ToList();
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        var keys = await storage.TableAsync(StorageNames.RetireeKeys, ct);
        var failed = new List<RetireeProfile>();
        var count = 0;
        await Parallel.ForEachAsync(retirees.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (chunk, token) =>
        {
            var keyed = chunk.Where(r => r.Profile.IdNumber is not null).ToList();
            var ok = chunk.ToList();
            try
            {
                if (keyed.Count > 0) await keys.SubmitTransactionAsync(keyed.Select(r => new TableTransactionAction(TableTransactionActionType.Add, KeyEntity(r.Profile.IdNumber!, r.Id))), token);
            }
            catch (TableTransactionFailedException)
            {
                // One key is taken: by this same row before a crash (ours), or by someone else (that row fails).
                foreach (var r in keyed)
                    if (!await ClaimIdNumberAsync(r.Profile.IdNumber!, r.Id, token)) { ok.Remove(r); lock (failed) failed.Add(r.Profile); }
            }
            if (ok.Count == 0) return;
            try { await table.SubmitTransactionAsync(ok.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r))), token); }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                foreach (var r in ok)
                    try { await table.AddEntityAsync(ToEntity(r), token); }
                    catch (RequestFailedException x) when (x.Status == 409) { }
            }
            var today = clock.Today;
            await index.PublishAsync(ok.Select(r => RetireeSummary.Of(r, today)).ToList(), token);
            await audit.RecordManyAsync(ok.Select(r => (who, "retiree.import", (string?)r.Id, $"Imported {r.Profile.Name}")).ToList(), token);
            if (written is not null) await written(ok, token);
            Interlocked.Add(ref count, ok.Count);
        });
        return (count, failed);
    }

    /// <summary>Reads full profiles for export; one partition scan, filtered by the ids wanted.</summary>
    public async Task<IReadOnlyList<Retiree>> ReadManyAsync(IReadOnlySet<string> ids, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Retirees, ct);
        var list = new List<Retiree>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, maxPerPage: 1000, cancellationToken: ct))
            if (ids.Contains(e.RowKey)) list.Add(FromEntity(e));
        return list;
    }

    private Retiree Build(string id, RetireeProfile profile, DateTimeOffset created, DateTimeOffset updated)
    {
        var (tier, reasons) = RiskAssessment.Effective(profile, clock.Today);
        return new Retiree { Id = id, Profile = profile, Tier = tier, TierReasons = reasons, CreatedAt = created, UpdatedAt = updated };
    }

    private async Task<bool> ClaimIdNumberAsync(string idNumber, string retireeId, CancellationToken ct)
    {
        var keys = await storage.TableAsync(StorageNames.RetireeKeys, ct);
        try
        {
            await keys.AddEntityAsync(KeyEntity(idNumber, retireeId), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A key left by a write that crashed before its retiree row was saved can be taken over.
            var existing = await keys.GetEntityAsync<TableEntity>(IdNumberPartition, KeyOf(idNumber), cancellationToken: ct);
            var owner = existing.Value.GetString("RetireeId");
            if (owner == retireeId) return true;
            var ownerRow = await GetAsync(owner, ct);
            if (ownerRow is not null && ownerRow.Value.Retiree.Profile.IdNumber == idNumber) return false;
            try
            {
                await keys.UpdateEntityAsync(KeyEntity(idNumber, retireeId), existing.Value.ETag, TableUpdateMode.Replace, ct);
                return true;
            }
            catch (RequestFailedException r) when (r.Status == 412) { return false; }
        }
    }

    private async Task ReleaseIdNumberAsync(string idNumber, string retireeId, CancellationToken ct)
    {
        var keys = await storage.TableAsync(StorageNames.RetireeKeys, ct);
        var row = await keys.GetEntityIfExistsAsync<TableEntity>(IdNumberPartition, KeyOf(idNumber), cancellationToken: ct);
        if (row.HasValue && row.Value!.GetString("RetireeId") == retireeId)
            await keys.DeleteEntityAsync(IdNumberPartition, KeyOf(idNumber), row.Value.ETag, ct);
    }

    // RowKeys may not hold / \ # ? or control characters; ID numbers are digits and X, but stay safe.
    private static string KeyOf(string idNumber) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(idNumber.ToUpperInvariant()));

    private static TableEntity KeyEntity(string idNumber, string retireeId) => new(IdNumberPartition, KeyOf(idNumber)) { ["RetireeId"] = retireeId };

    private TableEntity ToEntity(Retiree r) => new(Partition, r.Id)
    {
        ["Profile"] = StorageJson.Write(r.Profile),
        ["Summary"] = StorageJson.Write(RetireeSummary.Of(r, clock.Today)),
        ["Tier"] = r.Tier.ToString(),
        ["TierReasons"] = string.Join(',', r.TierReasons),
        ["CreatedAt"] = r.CreatedAt,
        ["UpdatedAt"] = r.UpdatedAt,
    };

    private static Retiree FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Profile = StorageJson.Read<RetireeProfile>(e.GetString("Profile")),
        Tier = Enum.Parse<RiskTier>(e.GetString("Tier")),
        TierReasons = (e.GetString("TierReasons") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };

    /// <summary>Time-ordered, unique ids (a ULID in Crockford base 32) so new retirees sort by registration.</summary>
    private static string Ulid()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[16];
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--) { bytes[i] = (byte)(ms & 0xFF); ms >>= 8; }
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes[6..]);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new char[26];
        for (var i = 25; i >= 0; i--) { chars[i] = alphabet[(int)(value % 32)]; value /= 32; }
        return new string(chars);
    }
}
