using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>The live tally of a mass check-in.</summary>
public sealed record MassTally(int Total, int Answered, int Well, int Unwell, int NeedHelp, int NotYet, int Missed, int Undelivered);

/// <summary>
/// One check-in now to a segment of the registry (heatwave, typhoon, cold snap). Each is an ordinary check-in
/// in the mass check-in's own partition, so answers, misses and escalation work as for the daily ones, and the
/// tally is one partition read.
/// </summary>
public sealed class MassCheckIns(RegistryIndex index, RetireeStore retirees, CheckInStore checkIns, CheckInSweep sweep, OfficeClock clock)
{
    public const int MaxRecipients = 10_000;

    /// <summary>Mass check-in ids sort by creation time.</summary>
    public static string IdPrefix(DateTimeOffset utc) => "M" + utc.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public IReadOnlyList<RetireeSummary> Segment(RetireeFilter filter, Caller caller) =>
        filter.Apply(index.All, caller, clock.Today)
            .Where(s => s.Status is RetireeStatus.Active && s.SmsConsent)
            .ToList();

    public async Task<MassCheckIn> StartAsync(string reason, IReadOnlyList<RetireeSummary> segment, int windowMinutes, Caller caller, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var mass = new MassCheckIn
        {
            Id = IdPrefix(now) + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), Reason = reason, CreatedAt = now, CreatedBy = caller.Email,
            Count = segment.Count, WindowEndsAt = now + TimeSpan.FromMinutes(windowMinutes),
        };
        await checkIns.SaveMassAsync(mass, ct);
        await checkIns.AddRecentMassAsync(mass, ct);
        var partition = CheckInStore.MassPartition(mass.Id);
        await Parallel.ForEachAsync(segment, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (s, token) =>
        {
            if ((await retirees.GetAsync(s.Id, token))?.Retiree is not { } retiree) return;
            var checkIn = CheckInSweep.NewCheckIn(CheckInStore.IdOf(partition, retiree.Id), retiree, now, windowMinutes, mass.Id);
            await sweep.SendCheckInAsync(checkIn, retiree, token);
        });
        return mass;
    }

    public async Task<MassTally> TallyAsync(string massId, CancellationToken ct)
    {
        var all = await checkIns.ListAsync(CheckInStore.MassPartition(massId), ct);
        return new MassTally(
            all.Count,
            all.Count(c => c.Status == CheckInStatus.Answered),
            all.Count(c => c.Answer == Domain.CheckIns.ReplyKind.Well),
            all.Count(c => c.Answer == Domain.CheckIns.ReplyKind.Unwell),
            all.Count(c => c.Answer == Domain.CheckIns.ReplyKind.Help),
            all.Count(c => c.Status == CheckInStatus.Sent),
            all.Count(c => c.Status == CheckInStatus.Missed),
            all.Count(c => c.Status == CheckInStatus.Undelivered));
    }
}
