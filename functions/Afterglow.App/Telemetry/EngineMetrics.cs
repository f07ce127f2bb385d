using System.Diagnostics.Metrics;

namespace Afterglow.App.Telemetry;

/// <summary>
/// The engine's own measures, on one meter ("Afterglow.Engine"): how late the check-in sweep runs, how deep and how
/// old the SMS outbox is, what each dispatch ended in, and the escalation steps taken or failed. Tags are kinds and
/// outcomes only — never a number, a name or an id (ADR 0012b). With no exporter (no connection string) a
/// measurement is a no-op.
/// </summary>
public sealed class EngineMetrics
{
    public const string MeterName = "Afterglow.Engine";

    private readonly Histogram<double> _sweepLag;
    private readonly Gauge<int> _outboxDepth;
    private readonly Gauge<double> _outboxAge;
    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _steps;

    public EngineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _sweepLag = meter.CreateHistogram<double>("afterglow.sweep.lag", "s", "How long after the oldest due item's time the check-in sweep took it up.");
        _outboxDepth = meter.CreateGauge<int>("afterglow.outbox.depth", "{message}", "Messages due or waiting in the SMS outbox when the dispatcher last ran.");
        _outboxAge = meter.CreateGauge<double>("afterglow.outbox.age", "s", "How long the oldest message the dispatcher found has been due.");
        _dispatched = meter.CreateCounter<long>("afterglow.sms.dispatched", "{message}", "Messages the dispatcher finished with, by outcome.");
        _steps = meter.CreateCounter<long>("afterglow.escalation.steps", "{step}", "Escalation steps sent (outcome=sent) or failed and left for the next sweep (outcome=failed).");
    }

    /// <summary>One sweep: the oldest due item's time (none: no lag).</summary>
    public void Swept(DateTimeOffset now, DateTimeOffset? oldestDue) =>
        _sweepLag.Record(oldestDue is { } due && due < now ? (now - due).TotalSeconds : 0);

    /// <summary>One dispatcher run: how many messages it found due and how long the oldest had waited.</summary>
    public void OutboxSeen(int depth, TimeSpan oldestAge)
    {
        _outboxDepth.Record(depth);
        _outboxAge.Record(Math.Max(0, oldestAge.TotalSeconds));
    }

    /// <summary>Messages that ended a dispatcher run in one outcome (sent, retry, failed, expired, cancelled, deferred).</summary>
    public void Dispatched(string outcome, int count)
    {
        if (count > 0) _dispatched.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void StepSent(int level, string target) => _steps.Add(1,
        new KeyValuePair<string, object?>("outcome", "sent"), new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("target", target));

    public void StepFailed() => _steps.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
}
