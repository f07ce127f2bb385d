using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Azure.Data.Tables;

namespace Afterglow.App.CheckIns;

/// <summary>A volunteer's (or anyone's) away periods, kept here so the people registry stays as it is.</summary>
public sealed record AwayList(string PersonId, IReadOnlyList<AwayPeriod> Periods);

/// <summary>The duty roster (one row) and people's away periods, in the Roster table.</summary>
public sealed class RosterStore(StorageAccount storage)
{
    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Roster, ct);

    public async Task<DutyRoster> GetAsync(CancellationToken ct) =>
        (await CareRows.GetAsync<DutyRoster>(await Table(ct), "roster", "current", ct))?.Value ?? new DutyRoster();

    public async Task SaveAsync(DutyRoster roster, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write("roster", "current", roster), TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<AwayPeriod>> AwayAsync(string personId, CancellationToken ct) =>
        (await CareRows.GetAsync<AwayList>(await Table(ct), "away", personId, ct))?.Value.Periods ?? [];

    public async Task SaveAwayAsync(AwayList away, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write("away", away.PersonId, away), TableUpdateMode.Replace, ct);
}
