using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;

namespace Afterglow.App.Retention;

/// <summary>
/// Every night: removes finished rows older than their retention (<see cref="RetentionOptions"/>) — registry change
/// rows, send batches, pacing counters, handled inbox replies, finished SMS, done inbound claims. Nothing pending or
/// open is touched (each store's filter says what "finished" is, and a row is deleted only under the ETag it was
/// read with). Each kind is a delete of what is old now, so a crash or a rerun just deletes what is left.
/// </summary>
public sealed class NightlyPrune(RetentionOptions options, RegistryIndex feed, OutboxStore outbox, InboxStore inbox, TimeProvider time, ILogger<NightlyPrune> log) : ITimerJob
{
    public static string FunctionName => "NightlyPrune";

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        DateTimeOffset Before(int days) => now - TimeSpan.FromDays(days);
        var counts = new List<(string Kind, int Rows)>
        {
            ("feed", await feed.PruneChangesAsync(TimeSpan.FromDays(options.FeedDays), ct)),
            ("batch", await outbox.PruneBatchesAsync(Before(options.BatchDays), ct)),
            ("pacing", await outbox.PrunePacingAsync(Before(options.PacingDays), ct)),
            ("inbox", await inbox.PruneHandledAsync(Before(options.InboxDays), ct)),
            ("outbox", await outbox.PruneFinishedAsync(Before(options.OutboxDays), ct)),
            ("claims", await inbox.PruneClaimsAsync(Before(options.InboundClaimDays), ct)),
        };
        var text = string.Join(", ", counts.Select(c => $"{c.Kind} {c.Rows}"));
        log.LogInformation("Nightly prune: {Counts}", text);
        return $"Pruned {text}.";
    }
}

public static class RetentionExtensions
{
    /// <summary>Retention settings (checked at start) and the nightly prune.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSettings<RetentionOptions>(RetentionOptions.Section, (c, o) => c.Bind(o));
        services.AddTimerJob<NightlyPrune>();
        return services;
    }
}
