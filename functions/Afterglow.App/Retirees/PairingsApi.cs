using Afterglow.App.Auth;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Retirees;

/// <summary>Primary: first in the retiree's volunteer list (notified first); backup: second (ADR 0014c).</summary>
public enum PairingRole { Primary, Backup }

public sealed record PairingBatch(string? VolunteerId, PairingRole? Role, IReadOnlyList<string>? RetireeIds);
public sealed record PairingRow(string RetireeId, string Result);
public sealed record PairingBatchResult(string VolunteerId, PairingRole Role, int Paired, int Unchanged, IReadOnlyList<PairingRow> Rows);

/// <summary>
/// Pairs one volunteer with many retirees in one request (from a filtered list). The request is checked as a
/// whole first (nothing changes when a row is wrong); then each retiree is written under its ETag and reported
/// per row. A retry pairs what is missing and reports the rest as "unchanged". Staff only.
/// </summary>
public static class PairingsApi
{
    public const int MaxRetirees = 1000;
    public const int MaxVolunteers = 5;

    public static void MapPairings(this RouteGroupBuilder retirees) =>
        retirees.MapPost("/pairings", PairAsync).RequireAuthorization(Policies.Staff);

    private static async Task<Results<Ok<PairingBatchResult>, ValidationProblem>> PairAsync(
        PairingBatch body, RegistryIndex index, RetireeStore store, PersonStore people, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var volunteer = string.IsNullOrWhiteSpace(body.VolunteerId) ? null : await people.GetAsync(body.VolunteerId, ct);
        if (volunteer is null || volunteer.Role != PersonRole.Volunteer) errors.Add("volunteerId", "No volunteer with this id.");
        if (body.Role is null) errors.Add("role", "primary or backup.");
        var ids = body.RetireeIds ?? [];
        if (ids.Count is 0 or > MaxRetirees) errors.Add("retireeIds", $"Between 1 and {MaxRetirees} retirees.");
        await index.EnsureCurrentAsync(ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(ids.Count, MaxRetirees); i++)
        {
            var summary = ids[i] is { } id && RetireeStore.IsId(id) ? index.Find(id) : null;
            if (summary is null) { errors.Add($"retireeIds[{i}]", "No retiree with this id."); continue; }
            if (!seen.Add(summary.Id)) { errors.Add($"retireeIds[{i}]", "This retiree is listed twice."); continue; }
            if (volunteer is null || body.Role is null) continue;
            var next = Paired(summary.VolunteerIds, volunteer.Id, body.Role.Value);
            if (next is null) errors.Add($"retireeIds[{i}]", $"{summary.Name} has no primary volunteer yet: pair a primary first.");
            else if (next.Count > MaxVolunteers) errors.Add($"retireeIds[{i}]", $"{summary.Name} already has {MaxVolunteers} volunteers.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        var rows = new PairingRow[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
            rows[i] = new PairingRow(ids[i], await PairOneAsync(store, ids[i], volunteer!.Id, body.Role!.Value, caller, token)));
        return TypedResults.Ok(new PairingBatchResult(volunteer!.Id, body.Role!.Value, rows.Count(r => r.Result == "paired"), rows.Count(r => r.Result == "unchanged"), rows));
    }

    /// <summary>Reads, pairs and writes under the ETag; a concurrent edit is read again rather than overwritten.</summary>
    private static async Task<string> PairOneAsync(RetireeStore store, string id, string volunteerId, PairingRole role, Caller caller, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await store.GetAsync(id, ct) is not var (retiree, etag)) return "notFound";
            var next = Paired(retiree.Profile.VolunteerIds, volunteerId, role);
            if (next is null || next.Count > MaxVolunteers) return "refused";
            if (next.SequenceEqual(retiree.Profile.VolunteerIds)) return "unchanged";
            var result = await store.ReplaceAsync(id, retiree.Profile with { VolunteerIds = next }, etag, caller, "retiree.update", ct);
            if (result.Outcome == WriteOutcome.Ok) return "paired";
            if (result.Outcome == WriteOutcome.NotFound) return "notFound";
            if (attempt >= 4) throw new InvalidOperationException($"Retiree {id} kept changing while it was being paired.");
        }
    }

    /// <summary>
    /// The volunteer list after pairing: a primary goes first (the former primary becomes the backup); a backup
    /// goes second, behind the primary. Null when a backup is asked for a retiree without another primary.
    /// </summary>
    public static IReadOnlyList<string>? Paired(IReadOnlyList<string> current, string volunteerId, PairingRole role)
    {
        var others = current.Where(v => v != volunteerId).ToList();
        if (role == PairingRole.Primary) return [volunteerId, .. others];
        if (others.Count == 0) return null;
        return [others[0], volunteerId, .. others.Skip(1)];
    }
}
