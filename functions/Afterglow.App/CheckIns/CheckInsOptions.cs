using Afterglow.App.Configuration;

namespace Afterglow.App.CheckIns;

/// <summary>How the check-in engine works through its load (CheckIns:*). Bound and checked at start-up.</summary>
public sealed record CheckInsOptions : ISettings
{
    public const string Section = "CheckIns";

    /// <summary>Check-ins the sweep works on at once (each is a few storage calls, so I/O-bound).</summary>
    public int Parallelism { get; set; } = 32;
    /// <summary>The share of today's due check-ins the watch lets go missing before it alerts (0.05 = 5 %).</summary>
    public double WatchTolerance { get; set; } = 0.05;
    /// <summary>Recipients per chunk of a mass check-in job (one chunk is sent per step, so a crash repeats at most one).</summary>
    public int MassChunkSize { get; set; } = 500;

    public IEnumerable<string> Problems()
    {
        if (Parallelism is < 1 or > 256) yield return $"{Storage.StorageAccount.Key(AppSettings.CheckInsParallelism)} must be a whole number from 1 to 256 (is {Parallelism}).";
        if (WatchTolerance is < 0 or > 1 || !double.IsFinite(WatchTolerance))
            yield return $"{Storage.StorageAccount.Key(AppSettings.CheckInsWatchTolerance)} must be a fraction from 0 to 1, e.g. 0.05 (is {WatchTolerance}).";
        if (MassChunkSize is < 1 or > 2000) yield return $"{Storage.StorageAccount.Key(AppSettings.CheckInsMassChunkSize)} must be a whole number from 1 to 2000 (is {MassChunkSize}).";
    }
}
