using Afterglow.App.Configuration;

namespace Afterglow.App.Retention;

/// <summary>
/// How many days each kind of finished row is kept before the nightly prune removes it (Retention:*Days). Bound
/// and checked at start-up. Each minimum keeps a row as long as something may still need it.
/// </summary>
public sealed record RetentionOptions : ISettings
{
    public const string Section = "Retention";

    /// <summary>Registry change rows: every instance reloads the registry in full far more often than once a day.</summary>
    public int FeedDays { get; set; } = 1;
    /// <summary>Send batches map a delivery report back to its message; reports come within hours, at most ~2 days.</summary>
    public int BatchDays { get; set; } = 14;
    /// <summary>Pacing counters matter only within their minute.</summary>
    public int PacingDays { get; set; } = 2;
    /// <summary>Inbox replies a coordinator has handled (open ones are never removed).</summary>
    public int InboxDays { get; set; } = 365;
    /// <summary>Finished SMS (sent, delivered, failed, expired, cancelled); pending and sending ones are never removed.</summary>
    public int OutboxDays { get; set; } = 180;
    /// <summary>Done inbound claims: a provider redelivers within a day, so a week is plenty to recognise a repeat.</summary>
    public int InboundClaimDays { get; set; } = 7;

    private static readonly IReadOnlyList<(string Name, Func<RetentionOptions, int> Get, int Min)> Kinds =
    [
        ("FeedDays", o => o.FeedDays, 1), ("BatchDays", o => o.BatchDays, 3), ("PacingDays", o => o.PacingDays, 1),
        ("InboxDays", o => o.InboxDays, 30), ("OutboxDays", o => o.OutboxDays, 7), ("InboundClaimDays", o => o.InboundClaimDays, 2),
    ];

    public IEnumerable<string> Problems() =>
        Kinds.Where(k => k.Get(this) < k.Min || k.Get(this) > 3650)
            .Select(k => $"{Section}:{k.Name} must be between {k.Min} and 3650 days (is {k.Get(this)}).");
}
