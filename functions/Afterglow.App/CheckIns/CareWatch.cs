using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.Domain.CheckIns;

namespace Afterglow.App.CheckIns;

/// <summary>The morning comparison of one office day: check-ins expected, sent and delivered.</summary>
public sealed record MorningReport(DateOnly Day, int Expected, int Sent, int Delivered, int Undelivered, int Answered, IReadOnlyList<string> Problems);

/// <summary>A problem the watch found, shown on the dashboard until it clears.</summary>
public sealed record WatchState(DateTimeOffset CheckedAt, DateTimeOffset? LastSweepAt, IReadOnlyList<string> Problems, MorningReport? Morning);

/// <summary>The engine's own health alarm (Health/EngineAlarm), run first by the watch: the reasons it is stuck now, none when well.</summary>
public interface ISystemAlarm
{
    Task<SystemAlarmResult> CheckAsync(CancellationToken ct);
}

public sealed record SystemAlarmResult(IReadOnlyList<string> Problems, bool TablesReachable);

/// <summary>
/// Silence from the system must never look like silence from the retirees. Every ten minutes: is the engine
/// stuck (<see cref="ISystemAlarm"/>: storage, sweep, escalation, outbox — it alerts the coordinator itself)?
/// Every morning: yesterday's check-ins expected (from the plans) against sent and delivered. A morning gap
/// alerts the on-duty coordinator by SMS (once per problem and day); both show on the dashboard.
/// </summary>
public sealed class CareWatch(
    CheckInStore checkIns, CarePlanStore plans, CareRecipients recipients, ICareMessages messages, ISystemAlarm alarm, OfficeClock clock, CheckInsOptions settings,
    ILogger<CareWatch> log) : ITimerJob
{
    public static string FunctionName => "CareWatch";
    public static readonly TimeSpan HeartbeatLimit = TimeSpan.FromMinutes(5);
    // The morning comparison runs on the first watch after this local time.
    public static readonly TimeOnly MorningAt = new(7, 30);

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        var now = clock.UtcNow;
        // First, before anything that needs storage: the alarm still works (straight to the gateway) when storage is down.
        var stuck = await alarm.CheckAsync(ct);
        if (!stuck.TablesReachable) return string.Join("; ", stuck.Problems);
        // Each problem with a key that is the same on every instance and run: one SMS per problem.
        var problems = new List<(string Key, string Text)>();
        var beat = await checkIns.GetHeartbeatAsync(ct);

        var yesterday = clock.Today.AddDays(-1);
        var morningKey = $"morning-{yesterday:yyyyMMdd}";
        var morning = await checkIns.GetMetaAsync<MorningReport>(morningKey, ct);
        if (morning is null && TimeOnly.FromDateTime(clock.LocalNow.DateTime) >= MorningAt)
        {
            morning = await CompareAsync(yesterday, ct);
            await checkIns.SaveMetaAsync(morningKey, morning, ct);
        }
        if (morning is not null && morning.Day == yesterday) problems.AddRange(morning.Problems.Select((p, n) => ($"morning:{yesterday:yyyyMMdd}:{n}", p)));

        foreach (var (key, text) in problems)
            foreach (var r in await recipients.OnDutyAsync(ct))
                await messages.QueueAsync(new CareMessage(r.Phone, CareTemplates.WatchAlert, new Dictionary<string, string> { ["problem"] = InLanguage(text, r.Language) },
                    r.Language, CarePurpose.SystemAlert, $"watch:{key}:{r.Phone}", true, null), ct);
        var texts = stuck.Problems.Concat(problems.Select(p => p.Text)).ToList();
        await checkIns.SaveMetaAsync("watch", new WatchState(now, beat?.LastRunAt, texts, morning), ct);
        if (texts.Count > 0) log.LogWarning("Care watch: {Problems}", string.Join("; ", texts));
        return texts.Count == 0 ? "All well." : string.Join("; ", texts);
    }

    /// <summary>Expected from the plans (once a day, so reading them all is fine); sent and delivered from the day's partition.</summary>
    public async Task<MorningReport> CompareAsync(DateOnly day, CancellationToken ct)
    {
        var expected = (await plans.ListAsync(ct)).Count(p => p.State == PlanState.Active && CheckInSchedule.IsCheckInDay(p, day)
            && p.Cadence != Cadence.None && p.Anchor <= day);
        var sent = await checkIns.ListAsync(CheckInStore.DayPartition(day), ct);
        var delivered = sent.Count(c => c.Delivery == Delivery.Delivered || c.Status == CheckInStatus.Answered);
        var undelivered = sent.Count(c => c.Delivery == Delivery.Failed);
        var answered = sent.Count(c => c.Status == CheckInStatus.Answered);
        var problems = new List<string>();
        var tolerance = settings.WatchTolerance;
        if (expected > 0 && sent.Count < expected * (1 - tolerance)) problems.Add($"{day:yyyy-MM-dd}: {sent.Count} of {expected} expected check-ins were sent");
        if (sent.Count > 0 && undelivered > sent.Count * tolerance) problems.Add($"{day:yyyy-MM-dd}: {undelivered} of {sent.Count} check-ins were not delivered");
        return new MorningReport(day, expected, sent.Count, delivered, undelivered, answered, problems);
    }

    /// <summary>The morning's findings in the duty coordinator's language (the dashboard words the same English through serverText).</summary>
    internal static string InLanguage(string problem, string language)
    {
        if (language == "en") return problem;
        var sent = System.Text.RegularExpressions.Regex.Match(problem, @"^(\d{4}-\d\d-\d\d): (\d+) of (\d+) expected check-ins were sent$");
        if (sent.Success) return $"{sent.Groups[1].Value}：应发 {sent.Groups[3].Value} 条报平安，只发出 {sent.Groups[2].Value} 条";
        var lost = System.Text.RegularExpressions.Regex.Match(problem, @"^(\d{4}-\d\d-\d\d): (\d+) of (\d+) check-ins were not delivered$");
        return lost.Success ? $"{lost.Groups[1].Value}：{lost.Groups[3].Value} 条报平安中有 {lost.Groups[2].Value} 条未送达" : problem;
    }
}
