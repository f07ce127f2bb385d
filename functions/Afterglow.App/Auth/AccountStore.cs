using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Auth;

/// <summary>A dashboard account. Retirees, families and most volunteers never have one: they use SMS.</summary>
public sealed record Account
{
    public required string Email { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public string PasswordHash { get; init; } = "";
    /// <summary>The person record (People) behind a volunteer's account, for pairing.</summary>
    public string? PersonId { get; init; }
    public int FailedLogins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool Disabled { get; init; }
    /// <summary>Changes whenever existing sessions must end (sign-out, disable, role or password change): cookies carry the one they were issued with.</summary>
    public string SessionStamp { get; init; } = "";
    public ETag ETag { get; init; }
}

public sealed class AccountStore(StorageAccount storage)
{
    private const string Partition = "account";

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public async Task<Account?> FindAsync(string email, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Accounts, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Normalize(email), cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Accounts, ct);
        var list = new List<Account>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct)) list.Add(FromEntity(e));
        return list;
    }

    /// <summary>Adds a new account; false when the email is taken.</summary>
    public async Task<bool> AddAsync(Account account, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Accounts, ct);
        try { await table.AddEntityAsync(ToEntity(account), ct); return true; }
        catch (RequestFailedException e) when (e.Status == 409) { return false; }
    }

    /// <summary>A new stamp: every session issued before it stops working at its next request.</summary>
    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Reads, changes and writes back with the ETag read, again from a fresh read when someone else wrote first,
    /// so concurrent changes (parallel failed sign-ins) are never lost. Null when the account does not exist.
    /// </summary>
    public async Task<Account?> ChangeAsync(string email, Func<Account, Account> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var account = await FindAsync(email, ct);
            if (account is null) return null;
            var updated = change(account);
            if (updated == account) return account;
            try { await UpdateAsync(updated, ct); return updated; }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 50) { }
        }
    }

    /// <summary>Replaces with the ETag read; a concurrent change is a 412 the caller re-reads after.</summary>
    public async Task UpdateAsync(Account account, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Accounts, ct);
        await table.UpdateEntityAsync(ToEntity(account), account.ETag, TableUpdateMode.Replace, ct);
    }

    private static TableEntity ToEntity(Account a) => new(Partition, Normalize(a.Email))
    {
        ["Email"] = a.Email,
        ["DisplayName"] = a.DisplayName,
        ["Role"] = a.Role,
        ["PasswordHash"] = a.PasswordHash,
        ["PersonId"] = a.PersonId,
        ["FailedLogins"] = a.FailedLogins,
        ["LockedUntil"] = a.LockedUntil,
        ["Disabled"] = a.Disabled,
        ["SessionStamp"] = a.SessionStamp,
    };

    private static Account FromEntity(TableEntity e) => new()
    {
        Email = e.GetString("Email"),
        DisplayName = e.GetString("DisplayName") ?? "",
        Role = e.GetString("Role"),
        PasswordHash = e.GetString("PasswordHash") ?? "",
        PersonId = e.GetString("PersonId"),
        FailedLogins = e.GetInt32("FailedLogins") ?? 0,
        LockedUntil = e.GetDateTimeOffset("LockedUntil"),
        Disabled = e.GetBoolean("Disabled") ?? false,
        SessionStamp = e.GetString("SessionStamp") ?? "",
        ETag = e.ETag,
    };
}
