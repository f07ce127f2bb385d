using System.Diagnostics;
using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Telemetry;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>
/// Every minute: sends the check-ins that are due, closes answer windows that ran out (opening incidents), and
/// moves open incidents up their ladder. It reads the due minutes and the open incidents — never the registry —
/// so its cost follows the work due. Every item is idempotent and removed only when done, so a skipped, crashed
/// or doubled run catches up without sending anything twice.
/// </summary>
public sealed class CheckInSweep(
    CheckInStore checkIns, CarePlanStore plans, RetireeStore retirees, EscalationEngine engine, CareFamilyNotes family, CallTasks calls,
    ICareMessages messages, OfficeClock clock, OfficeProfile office, CheckInsOptions settings, EngineMetrics metrics, IServiceProvider services,
    ILogger<CheckInSweep> log) : ITimerJob
{
    public static string FunctionName => "CheckInSweep";
    // A check-in more than this late (the timer was down) is not sent: the next one is due soon, and the watch has alerted.
    private static readonly TimeSpan TooLate = TimeSpan.FromHours(6);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _linked = new();
    private string Office => office.Name;
    private int Parallelism => settings.Parallelism;

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.UtcNow;
        var due = await checkIns.DueAsync(now, ct);
        metrics.Swept(now, due.Count == 0 ? null : due.Min(d => d.Due));
        var sent = 0;
        var opened = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(due.Where(d => d.Kind == DueItem.Send), options, async (item, token) =>
        {
            if (await Guarded(item, () => SendAsync(item, now, token))) Interlocked.Increment(ref sent);
        });
        await Parallel.ForEachAsync(due.Where(d => d.Kind == DueItem.Window), options, async (item, token) =>
        {
            if (await Guarded(item, () => CloseWindowAsync(item, token))) Interlocked.Increment(ref opened);
        });
        // Mass check-ins still sending: each continues within its time budget (resolved late: the job uses this sweep).
        foreach (var job in due.Where(d => d.Kind == DueItem.Mass))
            await Guarded(job, () => services.GetRequiredService<MassCheckIns>().ContinueAsync(job, int.MaxValue, ct));
        // Every ten minutes look at every open incident, not only those the index says are due: self-healing.
        var advanced = await engine.AdvanceDueAsync(all: now.Minute % 10 == 0, ct);
        await checkIns.SaveHeartbeatAsync(new SweepHeartbeat(now, watch.Elapsed.TotalMilliseconds, due.Count, sent, opened, advanced), ct);
        return $"{due.Count} due: {sent} check-ins sent, {opened} incidents opened, {advanced} incidents looked at in {watch.ElapsedMilliseconds} ms.";
    }

    private async Task<bool> Guarded(DueItem item, Func<Task<bool>> work)
    {
        try { return await work(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The item stays due: the next run tries it again. One retiree's trouble must not hold up the rest.
            log.LogError(e, "Due {Kind} {Ref} failed", item.Kind, item.Ref);
            return false;
        }
    }

    /// <summary>Sends one retiree's check-in and schedules the next. True when an SMS was queued.</summary>
    private async Task<bool> SendAsync(DueItem item, DateTimeOffset now, CancellationToken ct)
    {
        var found = await plans.GetAsync(item.Ref, ct);
        if (found is not var (plan, etag) || plan.NextDueUtc != item.Due)
        {
            // The plan moved on (edited, paused, already sent by another run): this item is stale.
            await checkIns.RemoveDueAsync(item, ct);
            return false;
        }
        var retiree = (await retirees.GetAsync(plan.RetireeId, ct))?.Retiree;
        var stop = retiree is null ? "removed" : CarePlans.StopReasonFor(retiree.Profile.Status, retiree.Profile.SmsConsent);
        if (stop is not null)
        {
            await plans.TrySaveAsync(plan with { State = PlanState.Stopped, StopReason = stop, NextDueUtc = null }, etag, ct);
            await checkIns.RemoveDueAsync(item, ct);
            log.LogInformation("Care plan of {Retiree} stopped: {Reason}", plan.RetireeId, stop);
            return false;
        }

        var queued = false;
        if (!CarePlans.Holds(retiree!.Profile.Status) && now - item.Due < TooLate)
        {
            var day = CheckInSchedule.LocalDay(item.Due, clock.Zone);
            var checkIn = NewCheckIn(CheckInStore.IdOf(CheckInStore.DayPartition(day), retiree.Id), retiree, item.Due > now ? item.Due : now, plan.AnswerWindowMinutes, null);
            if (plan.Channel == CareChannel.Call) await calls.SendAsync(checkIn, retiree, ct);
            else await SendCheckInAsync(checkIn, retiree, ct);
            queued = true;
        }

        // After an outage, the next check-in is the next one still ahead, not a pile of missed ones.
        var after = item.Due > now - TimeSpan.FromMinutes(1) ? item.Due : now - TimeSpan.FromMinutes(1);
        var next = CheckInSchedule.NextDueUtc(plan, after, clock.Zone);
        if (next is { } n) await checkIns.AddDueAsync(new DueItem(DueItem.Send, plan.RetireeId, n), ct);
        // A lost race means someone re-planned meanwhile; their due item stands and ours goes stale.
        await plans.TrySaveAsync(plan with { NextDueUtc = next }, etag, ct);
        await checkIns.RemoveDueAsync(item, ct);
        return queued;
    }

    public static CheckIn NewCheckIn(string id, Retiree retiree, DateTimeOffset sentAt, int windowMinutes, string? massId) => new()
    {
        Id = id, RetireeId = retiree.Id, RetireeName = retiree.Profile.Name, Mobile = retiree.Profile.Mobile, Language = retiree.Profile.Language,
        VolunteerIds = retiree.Profile.VolunteerIds, DueAt = sentAt, WindowEndsAt = sentAt + TimeSpan.FromMinutes(windowMinutes), MassId = massId,
    };

    /// <summary>Records the check-in, queues its SMS and the end of its window; each part idempotent.</summary>
    public async Task SendCheckInAsync(CheckIn checkIn, Retiree retiree, CancellationToken ct)
    {
        // The phone the answer will come from, linked once per instance and phone.
        if (_linked.TryAdd($"{retiree.Profile.Mobile}|{retiree.Id}", 0)) await plans.LinkPhoneAsync(retiree.Profile.Mobile, retiree.Id, ct);
        if (!await checkIns.TryAddAsync(checkIn, ct) && await checkIns.GetAsync(checkIn.Id, ct) is { } existing)
            checkIn = existing.CheckIn;
        await messages.QueueAsync(new CareMessage(retiree.Profile.Mobile, CareTemplates.CheckIn,
            new Dictionary<string, string> { ["name"] = retiree.Profile.Name, ["office"] = Office },
            retiree.Profile.Language, CarePurpose.CheckIn, $"checkin:{checkIn.Id}", false, retiree.Id), ct);
        await checkIns.AddDueAsync(new DueItem(DueItem.Window, checkIn.Id, checkIn.WindowEndsAt), ct);
    }

    /// <summary>The answer window ran out: the check-in is missed and an incident opens (or joins the one already open).</summary>
    private async Task<bool> CloseWindowAsync(DueItem item, CancellationToken ct)
    {
        var found = await checkIns.GetAsync(item.Ref, ct);
        if (found is null)
        {
            await checkIns.RemoveDueAsync(item, ct);
            return false;
        }
        var checkIn = found.Value.CheckIn;
        var opened = false;
        if (checkIn.Status == CheckInStatus.Sent)
        {
            // Marked missed before the incident exists, so an answer racing this sees where to go; see below for the other order.
            var current = await engine.OpenIncidentOfAsync(checkIn.RetireeId, ct);
            var incidentId = current ?? "i-" + checkIn.Id;
            checkIn = await checkIns.UpdateAsync(checkIn.Id, c => c.Status == CheckInStatus.Sent ? c with { Status = CheckInStatus.Missed, IncidentId = incidentId } : null, ct) ?? checkIn;
            if (current is not null && checkIn.IncidentId == current)
                await engine.AddNoteAsync(current, "system", TimelineTexts.MissedAgain(checkIn.DueAt, $"{clock.ToLocal(checkIn.DueAt):yyyy-MM-dd HH:mm}"), ct);
        }
        if (checkIn.Status == CheckInStatus.Missed && checkIn.IncidentId is { } id)
        {
            var retiree = (await retirees.GetAsync(checkIn.RetireeId, ct))?.Retiree;
            if (retiree is not null && retiree.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            {
                var incident = checkIn.Channel == CareChannel.Call
                    ? await engine.OpenAsync(id, IncidentKind.CallNotReached, retiree, checkIn.Id, checkIn.DueAt, "system",
                        TimelineTexts.CallWindowOpened(checkIn.WindowEndsAt, $"{clock.ToLocal(checkIn.WindowEndsAt):HH:mm}", checkIn.CallCode), ct)
                    : await engine.OpenAsync(id, IncidentKind.Missed, retiree, checkIn.Id, checkIn.DueAt, "system",
                        TimelineTexts.MissedOpened(checkIn.DueAt, $"{clock.ToLocal(checkIn.DueAt):yyyy-MM-dd HH:mm}", (int)Math.Round((checkIn.WindowEndsAt - checkIn.DueAt).TotalMinutes)), ct);
                opened = incident.OpenedAt >= item.Due;
                // An answer that landed between "missed" and the incident: it closes what it opened.
                if ((await checkIns.GetAsync(checkIn.Id, ct))?.CheckIn is { Status: CheckInStatus.Answered } answered && incident.CheckInId == checkIn.Id)
                    await engine.ResolveAsync(id, new Resolution(IncidentOutcome.Well, "The retiree answered as the window closed.", answered.AnsweredAt ?? clock.UtcNow, "retiree"), ct);
                else
                    await family.MissedAsync(retiree, checkIn, ct);
            }
        }
        await checkIns.RemoveDueAsync(item, ct);
        return opened;
    }
}
