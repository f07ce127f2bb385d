using Afterglow.App.Storage;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.People;

/// <summary>Someone the office can notify: staff (工作人员), liaisons (联络员) and volunteers (志愿者).</summary>
public enum PersonRole { Staff, Liaison, Volunteer }

public sealed record Person
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Phone { get; init; }
    public PersonRole Role { get; init; }
    public string Language { get; set; } = "zh-CN";
    /// <summary>Liaison areas (网格) this person covers.</summary>
    public IReadOnlyList<string> Areas { get; set; } = [];
    public bool Active { get; set; } = true;
    public string? Notes { get; init; }
}

/// <summary>A liaison area (网格): a part of town or campus and who covers it.</summary>
public sealed record Area(string Id, string Name, IReadOnlyList<string> LiaisonIds);

/// <summary>
/// The People table: one partition of people, and beside it an index by phone ("ph", row "{phone}|{id}") so an
/// inbound SMS finds its sender with a keyed read, not a read of everyone. The index row is written before the
/// person and an old number's row removed after, so a crash leaves a row too many (checked and ignored), never none.
/// </summary>
public sealed class PersonStore(StorageAccount storage)
{
    private const string PersonPartition = "p";
    private const string AreaPartition = "a";
    private const string PhonePartition = "ph";
    private const string PhoneIndexBuilt = "ph-built";
    private volatile bool _phoneIndexBuilt;

    public async Task<Person?> GetAsync(string id, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.People, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PersonPartition, id, cancellationToken: ct);
        return row.HasValue ? Read<Person>(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.People, ct);
        var list = new List<Person>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == PersonPartition, cancellationToken: ct)) list.Add(Read<Person>(e));
        return list;
    }

    public async Task SaveAsync(Person person, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.People, ct);
        var before = await GetAsync(person.Id, ct);
        await table.UpsertEntityAsync(new TableEntity(PhonePartition, PhoneKey(person.Phone, person.Id)), TableUpdateMode.Replace, ct);
        await table.UpsertEntityAsync(Write(PersonPartition, person.Id, person), TableUpdateMode.Replace, ct);
        if (before is not null && before.Phone != person.Phone) await Rows.DeleteIfExistsAsync(table, PhonePartition, PhoneKey(before.Phone, person.Id), ct);
    }

    private static string PhoneKey(string phone, string id) => $"{phone}|{id}";

    /// <summary>Everyone registered with this number (active or not): the phone index, each row checked against the person.</summary>
    public async Task<IReadOnlyList<Person>> FindByPhoneAsync(string phone, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.People, ct);
        await EnsurePhoneIndexAsync(table, ct);
        var list = new List<Person>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PhonePartition} and RowKey gt {phone + "|"} and RowKey lt {phone + "}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
            if (await GetAsync(e.RowKey[(phone.Length + 1)..], ct) is { } person && person.Phone == phone) list.Add(person);
        return list.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>People saved before the index existed: indexed once, then a marker row says it is done.</summary>
    private async Task EnsurePhoneIndexAsync(TableClient table, CancellationToken ct)
    {
        if (_phoneIndexBuilt) return;
        if (!(await table.GetEntityIfExistsAsync<TableEntity>(PhonePartition, PhoneIndexBuilt, cancellationToken: ct)).HasValue)
        {
            foreach (var p in await ListAsync(ct))
                await table.UpsertEntityAsync(new TableEntity(PhonePartition, PhoneKey(p.Phone, p.Id)), TableUpdateMode.Replace, ct);
            await table.UpsertEntityAsync(new TableEntity(PhonePartition, PhoneIndexBuilt), TableUpdateMode.Replace, ct);
        }
        _phoneIndexBuilt = true;
    }

    public async Task<IReadOnlyList<Area>> ListAreasAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Areas, ct);
        var list = new List<Area>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == AreaPartition, cancellationToken: ct)) list.Add(Read<Area>(e));
        return list;
    }

    public async Task SaveAreaAsync(Area area, CancellationToken ct)
    {
        var table = await storage.TableAsync(StorageNames.Areas, ct);
        await table.UpsertEntityAsync(Write(AreaPartition, area.Id, area), TableUpdateMode.Replace, ct);
    }

    private static TableEntity Write<T>(string pk, string rk, T value) => Rows.Write(pk, rk, value);
    private static T Read<T>(TableEntity e) => Rows.Read<T>(e);
}
