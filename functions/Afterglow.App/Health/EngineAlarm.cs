using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;

namespace Afterglow.App.Health;

/// <summary>
/// One episode of the engine being stuck: when it started, why, and which SMS the on-duty coordinator got.
/// Stored as the check-ins' meta row "engine-alarm" (and held in memory for when storage is the problem).
/// </summary>
public sealed record EngineAlarmState
{
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset CheckedAt { get; init; }
    public IReadOnlyList<HealthProblem> Problems { get; set; } = [];
    public DateTimeOffset? AlertedAt { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }
    /// <summary>Set when health came back: the next problem is a new episode with its own alert.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }
    public bool Active => RecoveredAt is null;
}

/// <summary>
/// Tells a person when the engine is stuck (ADR 0012): the first time health is unhealthy the coordinator on duty
/// gets one SMS naming the reason, one reminder after <see cref="HealthOptions.AlertReminderAfter"/> if it is still
/// stuck, and nothing more until health has recovered and broken again. Keys are made of the episode's start, so a
/// rerun or a second instance queues the same SMS (the outbox keeps one). When storage itself is down the outbox
/// cannot be written: the alert goes straight to the gateway, to the on-duty phones remembered from the last run,
/// with a repeatability id from the same key.
/// </summary>
public sealed class EngineAlarm(
    EngineHealth health, CheckInStore store, CareRecipients recipients, ICareMessages messages, IServiceProvider services,
    HealthOptions options, TimeProvider time, ILogger<EngineAlarm> log) : ISystemAlarm
{
    public const string MetaKey = "engine-alarm";
    // Who is on duty is read on every run while storage answers, so an outage still knows whom to tell.
    private EngineAlarmState? _memory;
    private IReadOnlyList<Recipient> _onDuty = [];
    private bool _tablesReachable = true;

    /// <summary>Checks health and alerts if needed; returns the episode (null when all is well and always was).</summary>
    public async Task<EngineAlarmState?> RunAsync(CancellationToken ct)
    {
        var (tables, _, problems) = await health.CheckAsync(ct);
        _tablesReachable = tables;
        var now = time.GetUtcNow();
        var state = _memory;
        // Storage answers: its row is the truth shared by every instance (this process may be new).
        if (tables) _onDuty = await recipients.OnDutyAsync(ct);
        if (tables) state = await store.GetMetaAsync<EngineAlarmState>(MetaKey, ct) is { } stored && (state is null || stored.Since >= state.Since) ? stored : state;

        if (problems.Count == 0)
        {
            if (state is not { Active: true }) return state;
            state = state with { RecoveredAt = now, CheckedAt = now, Problems = [] };
            await SaveAsync(state, tables, ct);
            log.LogInformation("Engine healthy again after {Minutes:0} minutes", (now - state.Since).TotalMinutes);
            return state;
        }

        if (state is not { Active: true }) state = new EngineAlarmState { Since = now };
        state = state with { CheckedAt = now, Problems = problems.ToList() };
        // The episode is saved before anything is sent, so a crash in between re-sends under the same keys.
        await SaveAsync(state, tables, ct);
        string? kind = state.AlertedAt is null ? "alert" : state.RemindedAt is null && now - state.AlertedAt >= options.AlertReminderAfter ? "reminder" : null;
        if (kind is null) return state;

        foreach (var r in _onDuty)
        {
            var message = new CareMessage(r.Phone, CareTemplates.WatchAlert, new Dictionary<string, string> { ["problem"] = Describe(problems, r.Language, kind) },
                r.Language, CarePurpose.SystemAlert, $"engine:{state.Since.UtcTicks}:{kind}:{r.Phone}", true, null);
            if (tables) await messages.QueueAsync(message, ct);
            else await SendDirectAsync(message, ct);
        }
        state = kind == "alert" ? state with { AlertedAt = now } : state with { RemindedAt = now };
        await SaveAsync(state, tables, ct);
        log.LogWarning("Engine stuck ({Reasons}): {Kind} sent to {Count} on duty", string.Join(", ", problems.Select(p => p.Code).Distinct()), kind, _onDuty.Count);
        return state;
    }

    async Task<SystemAlarmResult> ISystemAlarm.CheckAsync(CancellationToken ct)
    {
        var state = await RunAsync(ct);
        return new(state is { Active: true } ? state.Problems.Select(p => p.Detail).ToList() : [], _tablesReachable);
    }

    private async Task SaveAsync(EngineAlarmState state, bool tables, CancellationToken ct)
    {
        _memory = state;
        if (tables) await store.SaveMetaAsync(MetaKey, state, ct);
    }

    /// <summary>Storage is away: the outbox cannot take the alert, so it goes to the gateway now, recognisably the same on a retry.</summary>
    private async Task SendDirectAsync(CareMessage message, CancellationToken ct)
    {
        var outbox = services.GetService<SmsOutbox>();
        var gateway = services.GetService<ISmsGateway>();
        if (outbox is null || gateway is null) { log.LogError("Storage is down and no SMS gateway is registered: the engine alert is not sent"); return; }
        var sms = outbox.PrepareAll(new OutgoingSms(message.To, message.TemplateId, message.Parameters, message.Language, SmsPurpose.System,
            message.Key, "engine-alarm", IgnoreQuietHours: true), SmsTemplates.Defaults[message.TemplateId])[0];
        try
        {
            await gateway.SendAsync(new SmsSendRequest(sms.From, sms.Text, [new SmsRecipient(sms.To, sms.RepeatabilityId, sms.CreatedAt)], sms.Id)
                { Template = new(sms.TemplateId, sms.Language, sms.Parameters) }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The engine alert could not be sent directly either");
        }
    }

    /// <summary>The reasons in the recipient's language, short enough for one SMS.</summary>
    public static string Describe(IReadOnlyList<HealthProblem> problems, string language, string kind)
    {
        var en = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var reasons = problems.Select(p => p.Code).Distinct().Select(code => (code, en) switch
        {
            ("storage", true) => "storage is unreachable",
            ("storage", false) => "数据存储无法访问",
            ("sweep", true) => "the check-in sweep has stopped",
            ("sweep", false) => "平安短信巡检已停止",
            ("escalation", true) => "an incident's escalation step is overdue",
            ("escalation", false) => "事件逐级上报步骤逾期未执行",
            ("outbox", true) => "SMS are not going out",
            ("outbox", false) => "短信积压未发出",
            (_, true) => code,
            _ => code,
        });
        var text = string.Join(en ? "; " : "；", reasons);
        return kind == "reminder" ? (en ? "still: " : "仍未恢复：") + text : text;
    }
}
