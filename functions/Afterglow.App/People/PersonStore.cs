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
    public string Language { get; init; } = "zh-CN";
    /// <summary>Liaison areas (网格) this person covers.</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];
    public bool Active { get; init; } = true;
    public string? Notes { get; init; }
}

/// <summary>A liaison area (网格): a part of town or campus and who covers it.</summary>
public sealed record Area(string Id, string Name, IReadOnlyList<string> LiaisonIds);

public sealed class PersonStore(StorageAccount storage)
{
    private const string PersonPartition = "p";
    private const string AreaPartition = "a";

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
        await table.UpsertEntityAsync(Write(PersonPartition, person.Id, person), TableUpdateMode.Replace, ct);
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
