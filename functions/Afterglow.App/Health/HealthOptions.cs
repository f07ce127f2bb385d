using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Health;

/// <summary>When the engine counts as stuck (Health:*, minutes). Bound and checked at start-up.</summary>
public sealed record HealthOptions : ISettings
{
    public const string Section = "Health";

    /// <summary>The check-in sweep runs every minute; this long without a completed run is a stall.</summary>
    public double SweepStaleMinutes { get; set; } = 5;
    /// <summary>An open incident's next escalation step this long past its time: the ladder is stuck.</summary>
    public double StepOverdueMinutes { get; set; } = 10;
    /// <summary>The oldest SMS still unsent this long after it fell due: the dispatcher is stuck (or far behind).</summary>
    public double OutboxStaleMinutes { get; set; } = 30;
    /// <summary>Still stuck this long after the coordinator's alert SMS: one reminder, then nothing until it recovers.</summary>
    public double AlertReminderMinutes { get; set; } = 60;

    public TimeSpan SweepStaleAfter => TimeSpan.FromMinutes(SweepStaleMinutes);
    public TimeSpan StepOverdueAfter => TimeSpan.FromMinutes(StepOverdueMinutes);
    public TimeSpan OutboxStaleAfter => TimeSpan.FromMinutes(OutboxStaleMinutes);
    public TimeSpan AlertReminderAfter => TimeSpan.FromMinutes(AlertReminderMinutes);
    /// <summary>How long a storage probe may take before storage counts as unreachable.</summary>
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<string> Problems()
    {
        // The sweep and dispatcher run each minute: anything under two minutes would cry wolf between two runs.
        foreach (var (setting, value) in new[]
                 {
                     (AppSettings.HealthSweepStaleMinutes, SweepStaleMinutes), (AppSettings.HealthStepOverdueMinutes, StepOverdueMinutes),
                     (AppSettings.HealthOutboxStaleMinutes, OutboxStaleMinutes),
                 })
            if (!double.IsFinite(value) || value is < 2 or > 1440)
                yield return $"{StorageAccount.Key(setting)} must be between 2 and 1440 minutes (is {value:0.#}).";
        // The watch runs every ten minutes: a reminder sooner than that could not be kept to.
        if (!double.IsFinite(AlertReminderMinutes) || AlertReminderMinutes is < 10 or > 1440)
            yield return $"{StorageAccount.Key(AppSettings.HealthAlertReminderMinutes)} must be between 10 and 1440 minutes (is {AlertReminderMinutes:0.#}).";
    }
}
