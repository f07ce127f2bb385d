using Afterglow.App.Configuration;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Import;

/// <summary>
/// An import being written (stored in the Imports table, partition "job"): who asked, how far it got, what it
/// wrote. The counts move in the same write as <see cref="NextChunk"/>, so a step done twice after a crash counts once.
/// </summary>
public sealed record ImportJob
{
    public const string Running = "running";
    public const string Done = "done";

    public string Id { get; set; } = "";
    public string State { get; set; } = Running;
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; set; } = "";
    public string CreatedByRole { get; set; } = "";
    public string? FileName { get; init; }
    public string? Sheet { get; init; }
    /// <summary>The claim of the file (ImportClaims) and the choices it was made with: completed when the job ends.</summary>
    public string ClaimKey { get; set; } = "";
    public string ChoiceKey { get; set; } = "";
    /// <summary>Rows to write (creates and updates) and the chunks of up to 100 they are written in: creates first, then updates.</summary>
    public int Total { get; init; }
    public int CreateChunks { get; init; }
    public int Chunks { get; init; }
    public int NextChunk { get; init; }
    public int Imported { get; init; }
    public int Updated { get; init; }
    /// <summary>Rows that could not be written (the plan's errors and the write's): the failed-rows file has them.</summary>
    public int FailedRows { get; init; }
    /// <summary>A runner holds the job until then; another runner leaves it alone meanwhile.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
}

/// <summary>The rows a job writes, planned once when it starts (stored as a blob): new people with their ids already chosen, and updates.</summary>
public sealed record ImportWork(IReadOnlyList<ImportCreate> Creates, IReadOnlyList<ImportUpdate> Updates, ImportReport Report,
    IReadOnlyDictionary<string, string> Remember);

/// <summary>A new retiree; the id is chosen at planning, so a chunk written again after a crash finds its rows instead of adding them twice.</summary>
public sealed record ImportCreate(int Line, string Id, RetireeProfile Profile);

public sealed record ImportUpdate(int Line, string RetireeId, Dictionary<string, string> Values);

/// <summary>How an import job works through its rows (Import:*). Bound and checked at start-up.</summary>
public sealed record ImportOptions : ISettings
{
    public const string Section = "Import";

    /// <summary>Chunks of 100 rows written at once in one step (in parallel); a crash repeats at most one step.</summary>
    public int StepChunks { get; set; } = 4;
    /// <summary>How long the request that uploads the file, and each poll of the dashboard, lends its time to the job.</summary>
    public double RequestSeconds { get; set; } = 3;
    /// <summary>How long the ImportJobs timer works on each running job.</summary>
    public double TimerSeconds { get; set; } = 120;

    public IEnumerable<string> Problems()
    {
        if (StepChunks is < 1 or > 32) yield return $"{Section}__{nameof(StepChunks)} must be a whole number from 1 to 32 (is {StepChunks}).";
        if (RequestSeconds is < 0 or > 60 || !double.IsFinite(RequestSeconds)) yield return $"{Section}__{nameof(RequestSeconds)} must be from 0 to 60 (is {RequestSeconds}).";
        if (TimerSeconds is < 1 or > 500 || !double.IsFinite(TimerSeconds)) yield return $"{Section}__{nameof(TimerSeconds)} must be from 1 to 500 (is {TimerSeconds}).";
    }
}
