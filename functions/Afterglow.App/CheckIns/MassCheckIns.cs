using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>The live tally of a mass check-in.</summary>
public sealed record MassTally(int Total, int Answered, int Well, int Unwell, int NeedHelp, int NotYet, int Missed, int Undelivered, int Calls);

/// <summary>
/// One check-in now to a segment of the registry (heatwave, typhoon, cold snap). Each is an ordinary check-in
/// in the mass check-in's own partition, so answers, misses and escalation work as for the daily ones, and the
/// tally is one partition read. People SMS cannot reach (a plan on the call channel — STOP, landline, can't read —
/// or no mobile) get a call task for their volunteer instead, never an SMS they refused or cannot receive; those
/// the filter matched but who are not checked on (not active, no SMS consent) are counted by reason on the record.
/// </summary>
public sealed class MassCheckIns(RegistryIndex index, RetireeStore retirees, CheckInStore checkIns, CarePlanStore plans, CheckInSweep sweep, CallTasks calls, OfficeClock clock)
{
    public const int MaxRecipients = 10_000;

    /// <summary>Mass check-in ids sort by creation time.</summary>
    public static string IdPrefix(DateTimeOffset utc) => "M" + utc.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Who the filter matches and will be checked on, and why the others are left out.</summary>
    public (IReadOnlyList<RetireeSummary> Segment, IReadOnlyDictionary<string, int> LeftOut) Segment(RetireeFilter filter, Caller caller)
    {
        var matched = filter.Apply(index.All, caller, clock.Today).Where(s => s.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived)).ToList();
        static string? Why(RetireeSummary s) => s.Status != RetireeStatus.Active ? s.Status.ToString().ToLowerInvariant() : !s.SmsConsent ? "noSmsConsent" : null;
        var leftOut = matched.Select(Why).OfType<string>().GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        return (matched.Where(s => Why(s) is null).ToList(), leftOut);
    }

    public async Task<MassCheckIn> StartAsync(string reason, IReadOnlyList<RetireeSummary> segment, IReadOnlyDictionary<string, int> leftOut, int windowMinutes, Caller caller, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var id = IdPrefix(now) + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var partition = CheckInStore.MassPartition(id);
        // Read first, so the record says how many go as calls before any is sent.
        var people = new System.Collections.Concurrent.ConcurrentBag<(Retiree Retiree, bool Call)>();
        await Parallel.ForEachAsync(segment, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (s, token) =>
        {
            if ((await retirees.GetAsync(s.Id, token))?.Retiree is not { } retiree) return;
            var plan = (await plans.GetAsync(retiree.Id, token))?.Plan;
            people.Add((retiree, plan?.Channel == CareChannel.Call || string.IsNullOrWhiteSpace(retiree.Profile.Mobile)));
        });
        var mass = new MassCheckIn
        {
            Id = id, Reason = reason, CreatedAt = now, CreatedBy = caller.Email, Count = people.Count, WindowEndsAt = now + TimeSpan.FromMinutes(windowMinutes),
            Calls = people.Count(p => p.Call), LeftOut = leftOut,
        };
        await checkIns.SaveMassAsync(mass, ct);
        await checkIns.AddRecentMassAsync(mass, ct);
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (p, token) =>
        {
            var checkIn = CheckInSweep.NewCheckIn(CheckInStore.IdOf(partition, p.Retiree.Id), p.Retiree, now, windowMinutes, mass.Id);
            if (p.Call) await calls.SendAsync(checkIn, p.Retiree, token);
            else await sweep.SendCheckInAsync(checkIn, p.Retiree, token);
        });
        return mass;
    }

    public async Task<MassTally> TallyAsync(string massId, CancellationToken ct)
    {
        var all = await checkIns.ListAsync(CheckInStore.MassPartition(massId), ct);
        return new MassTally(
            all.Count,
            all.Count(c => c.Status == CheckInStatus.Answered),
            all.Count(c => c.Answer == ReplyKind.Well),
            all.Count(c => c.Answer == ReplyKind.Unwell),
            all.Count(c => c.Answer == ReplyKind.Help),
            all.Count(c => c.Status == CheckInStatus.Sent),
            all.Count(c => c.Status == CheckInStatus.Missed),
            all.Count(c => c.Status == CheckInStatus.Undelivered),
            all.Count(c => c.Channel == CareChannel.Call));
    }
}
