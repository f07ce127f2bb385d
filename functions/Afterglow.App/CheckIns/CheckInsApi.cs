using System.Globalization;
using System.Text.Json;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

public sealed record CheckInPage(DateOnly Day, IReadOnlyList<CheckIn> Items, int Answered, int NotYet, int Missed, int Undelivered);
/// <summary>One retiree's check-ins of the last <c>days</c> office days up to <c>Today</c>, newest first.</summary>
public sealed record RecentCheckIns(DateOnly Today, IReadOnlyList<CheckIn> Items);
public sealed record MassInput(string? Reason, RetireeFilter? Filter, int? WindowMinutes);
public sealed record MassView(MassCheckIn Mass, MassTally Tally);
/// <summary>SweepLate: the sweep itself has not run (check-ins may not go out). Findings: the watch's report on yesterday's
/// check-ins (sent fewer than planned, many undelivered), which is about yesterday, not the engine now (issue 14).</summary>
public sealed record CareHealth(SweepHeartbeat? Heartbeat, WatchState? Watch, bool Healthy, bool SweepLate, IReadOnlyList<string> Findings);
public sealed record CallOutcomeInput(CallOutcome? Outcome);

/// <summary>Check-ins of a day, the engine's own health, and mass check-ins with their live tally.</summary>
public static class CheckInsApi
{
    public static RouteGroupBuilder MapCheckInsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/checkins").RequireAuthorization(Policies.SignedIn);
        group.MapGet("", ListAsync);
        group.MapGet("/recent", RecentAsync);
        group.MapGet("/health", HealthAsync).RequireAuthorization(Policies.Staff);
        group.MapPost("/mass", StartMassAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/mass/{id}", GetMassAsync).RequireAuthorization(Policies.Staff);
        group.MapGet("/mass", RecentMassesAsync).RequireAuthorization(Policies.Staff);
        group.MapPost("/{id}/call", RecordCallAsync);
        return group;
    }

    /// <summary>A day's check-ins (default today), or one retiree's that day; volunteers see only their paired retirees'.</summary>
    private static async Task<Results<Ok<CheckInPage>, ValidationProblem>> ListAsync(
        CheckInStore store, OfficeClock clock, HttpContext http, CancellationToken ct, string? day = null, string? status = null, string? retireeId = null)
    {
        var date = clock.Today;
        if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["day"] = ["A date as yyyy-MM-dd."] });
        if (retireeId is not null && !RetireeStore.IsId(retireeId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["retireeId"] = ["A retiree's id, as the registry gives it."] });
        CheckInStatus? only = null;
        if (status is not null)
        {
            // As the answers spell it (sent, answered…); a number would name an enum value by accident.
            if (status.Length == 0 || !char.IsLetter(status[0]) || !Enum.TryParse<CheckInStatus>(status, ignoreCase: true, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["One of: " + string.Join(", ", Enum.GetNames<CheckInStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName)) + "."] });
            only = parsed;
        }
        var caller = Caller.From(http.User);
        var partition = CheckInStore.DayPartition(date);
        // The office's day for staff: the counts from the Status column alone, and only the rows asked for (Today asks
        // for the ones still waiting). One retiree's day is one row (a point read); a volunteer's, their retirees' rows.
        if (retireeId is null && !caller.IsVolunteer)
        {
            var counts = await store.CountByStatusAsync(partition, ct);
            var rows = (await store.ListAsync(partition, ct, only)).OrderBy(c => c.DueAt).ThenBy(c => c.RetireeName, StringComparer.Ordinal).ToList();
            return TypedResults.Ok(new CheckInPage(date, rows, counts.GetValueOrDefault(CheckInStatus.Answered), counts.GetValueOrDefault(CheckInStatus.Sent),
                counts.GetValueOrDefault(CheckInStatus.Missed), counts.GetValueOrDefault(CheckInStatus.Undelivered)));
        }
        var read = retireeId is null
            ? await store.ListAsync(partition, ct)
            : await store.GetAsync(CheckInStore.IdOf(partition, retireeId), ct) is { } one ? [one.CheckIn] : [];
        var all = read.Where(c => caller.MaySee(c.VolunteerIds)).ToList();
        var items = all.Where(c => only is null || c.Status == only).OrderBy(c => c.DueAt).ThenBy(c => c.RetireeName, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new CheckInPage(date, items,
            all.Count(c => c.Status == CheckInStatus.Answered), all.Count(c => c.Status == CheckInStatus.Sent),
            all.Count(c => c.Status == CheckInStatus.Missed), all.Count(c => c.Status == CheckInStatus.Undelivered)));
    }

    /// <summary>
    /// One retiree's last days (the retiree page's week): a point read per day, side by side, in one request instead of
    /// one request a day. A volunteer sees only a retiree paired with them (else an empty list, as for a day).
    /// </summary>
    private static async Task<Results<Ok<RecentCheckIns>, ValidationProblem>> RecentAsync(
        CheckInStore store, OfficeClock clock, HttpContext http, CancellationToken ct, string? retireeId = null, int days = 7)
    {
        var errors = new FieldErrors();
        if (retireeId is null || !RetireeStore.IsId(retireeId)) errors.Add("retireeId", "A retiree's id, as the registry gives it.");
        if (days is < 1 or > MaxRecentDays) errors.Add("days", $"Between 1 and {MaxRecentDays}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        var today = clock.Today;
        var reads = await Task.WhenAll(Enumerable.Range(0, days)
            .Select(i => store.GetAsync(CheckInStore.IdOf(CheckInStore.DayPartition(today.AddDays(-i)), retireeId!), ct)));
        var items = reads.Where(r => r is not null).Select(r => r!.Value.CheckIn)
            .Where(c => caller.MaySee(c.VolunteerIds))
            .OrderByDescending(c => c.DueAt).ToList();
        return TypedResults.Ok(new RecentCheckIns(today, items));
    }

    /// <summary>A month at most: each day is a storage read.</summary>
    private const int MaxRecentDays = 31;

    /// <summary>Silence from the system must show as such: the last sweep and the watch's findings.</summary>
    private static async Task<Ok<CareHealth>> HealthAsync(CheckInStore store, OfficeClock clock, CancellationToken ct)
    {
        var beat = await store.GetHeartbeatAsync(ct);
        var watch = await store.GetMetaAsync<WatchState>("watch", ct);
        var late = beat is null || clock.UtcNow - beat.LastRunAt > CareWatch.HeartbeatLimit;
        var healthy = !late && (watch is null || watch.Problems.Count == 0);
        var yesterday = clock.Today.AddDays(-1);
        var findings = watch?.Morning is { } morning && morning.Day == yesterday ? morning.Problems : [];
        return TypedResults.Ok(new CareHealth(beat, watch, healthy, late, findings));
    }

    private static async Task<Results<Created<MassView>, ValidationProblem>> StartMassAsync(
        MassInput body, MassCheckIns mass, RegistryIndex index, IGroupMembers groups, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Trim().Length > 100) errors.Add("reason", "Say why in up to 100 characters (e.g. 台风).");
        var window = body.WindowMinutes ?? Domain.CheckIns.CarePlans.DefaultAnswerWindowMinutes;
        if (window is < 15 or > 24 * 60) errors.Add("windowMinutes", "Between 15 and 1440 minutes.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await index.EnsureCurrentAsync(ct);
        var caller = Caller.From(http.User);
        var (segment, leftOut) = mass.Segment(await groups.ResolveAsync(body.Filter ?? new RetireeFilter(), ct), caller);
        if (segment.Count == 0) errors.Add("filter", "No active retiree who accepts SMS matches this filter.");
        if (segment.Count > MassCheckIns.MaxRecipients) errors.Add("filter", $"At most {MassCheckIns.MaxRecipients} retirees at once.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var started = await mass.StartAsync(body.Reason!.Trim(), segment, leftOut, window, caller, ct);
        return TypedResults.Created($"/api/checkins/mass/{started.Id}", new MassView(started, await mass.TallyAsync(started.Id, ct)));
    }

    /// <summary>The last week's mass check-ins with their tallies, newest first: the page shows them again after a reload.</summary>
    private static async Task<Ok<List<MassView>>> RecentMassesAsync(CheckInStore store, MassCheckIns mass, OfficeClock clock, CancellationToken ct)
    {
        var recent = (await store.RecentMassesAsync(clock.UtcNow - TimeSpan.FromDays(7), ct)).OrderByDescending(m => m.CreatedAt).ToList();
        var tallies = await Task.WhenAll(recent.Select(m => mass.TallyAsync(m.Id, ct)));
        return TypedResults.Ok(recent.Select((m, i) => new MassView(m, tallies[i])).ToList());
    }

    private static async Task<Results<Ok<MassView>, NotFound>> GetMassAsync(string id, CheckInStore store, MassCheckIns mass, CancellationToken ct) =>
        await store.GetMassAsync(id, ct) is { } found ? TypedResults.Ok(new MassView(found, await mass.TallyAsync(id, ct))) : TypedResults.NotFound();

    /// <summary>
    /// The caller's outcome of a call task: staff for anyone, a volunteer for their paired retirees only (others
    /// are 404). Recording the same outcome again changes nothing.
    /// </summary>
    private static async Task<Results<Ok<CheckIn>, NotFound, ValidationProblem>> RecordCallAsync(
        string id, CallOutcomeInput body, CheckInStore store, CallTasks calls, Audit.AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await store.GetAsync(id, ct) is not { CheckIn: { Channel: Domain.CheckIns.CareChannel.Call } task }
            || !caller.MaySee(task.VolunteerIds)) return TypedResults.NotFound();
        if (body.Outcome is not { } outcome)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["reachedWell, unwell, help or notReached."] });
        var recorded = await calls.RecordAsync(id, outcome, caller.Name, ct);
        await audit.RecordAsync(caller, "checkin.call", task.RetireeId, $"Recorded the call to {task.RetireeName}: {outcome}", ct);
        return recorded is null ? TypedResults.NotFound() : TypedResults.Ok(recorded);
    }
}
