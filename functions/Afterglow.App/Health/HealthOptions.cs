using System.Globalization;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Health;

/// <summary>When the engine counts as stuck (Health:*, minutes), read and checked once at start-up.</summary>
public sealed record HealthOptions
{
    /// <summary>The check-in sweep runs every minute; this long without a completed run is a stall.</summary>
    public TimeSpan SweepStaleAfter { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>An open incident's next escalation step this long past its time: the ladder is stuck.</summary>
    public TimeSpan StepOverdueAfter { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>The oldest SMS still unsent this long after it fell due: the dispatcher is stuck (or far behind).</summary>
    public TimeSpan OutboxStaleAfter { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Still stuck this long after the coordinator's alert SMS: one reminder, then nothing until it recovers.</summary>
    public TimeSpan AlertReminderAfter { get; init; } = TimeSpan.FromMinutes(60);
    /// <summary>How long a storage probe may take before storage counts as unreachable.</summary>
    public TimeSpan StorageTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public static HealthOptions Read(IConfiguration config)
    {
        var o = new HealthOptions();
        o = o with
        {
            SweepStaleAfter = Minutes(config, AppSettings.HealthSweepStaleMinutes, o.SweepStaleAfter),
            StepOverdueAfter = Minutes(config, AppSettings.HealthStepOverdueMinutes, o.StepOverdueAfter),
            OutboxStaleAfter = Minutes(config, AppSettings.HealthOutboxStaleMinutes, o.OutboxStaleAfter),
            AlertReminderAfter = Minutes(config, AppSettings.HealthAlertReminderMinutes, o.AlertReminderAfter),
        };
        var errors = o.Validate();
        if (errors.Count > 0) throw new InvalidOperationException("Health settings: " + string.Join(" ", errors));
        return o;
    }

    /// <summary>What is wrong with these settings, one sentence each naming the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        // The sweep and dispatcher run each minute: anything under two minutes would cry wolf between two runs.
        void Check(string name, TimeSpan value)
        {
            if (value < TimeSpan.FromMinutes(2) || value > TimeSpan.FromDays(1)) errors.Add($"{name} must be between 2 and 1440 minutes (is {value.TotalMinutes:0.#}).");
        }
        Check("Health:SweepStaleMinutes", SweepStaleAfter);
        Check("Health:StepOverdueMinutes", StepOverdueAfter);
        Check("Health:OutboxStaleMinutes", OutboxStaleAfter);
        // The watch runs every ten minutes: a reminder sooner than that could not be kept to.
        if (AlertReminderAfter < TimeSpan.FromMinutes(10) || AlertReminderAfter > TimeSpan.FromDays(1))
            errors.Add($"Health:AlertReminderMinutes must be between 10 and 1440 minutes (is {AlertReminderAfter.TotalMinutes:0.#}).");
        return errors;
    }

    private static TimeSpan Minutes(IConfiguration config, string setting, TimeSpan fallback)
    {
        var key = StorageAccount.Key(setting);
        if (config[key] is not { } raw) return fallback;
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && double.IsFinite(minutes)
            ? TimeSpan.FromMinutes(minutes)
            : throw new InvalidOperationException($"Health settings: {key} must be a number of minutes (is \"{raw}\").");
    }
}
