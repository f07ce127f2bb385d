using NCrontab;

namespace Afterglow.App.Hosting;

/// <summary>
/// Standalone only: fires each timer job on the NCRONTAB schedule (UTC) in its function.json, as the Functions
/// host would. Runs one job at a time per function, like the host's singleton timer listener.
/// </summary>
public sealed class TimerScheduler(FunctionCatalog catalog, IEnumerable<FunctionRegistration> functions, IServiceProvider services, TimeProvider clock, ILogger<TimerScheduler> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = functions.Where(f => f.RunTimerAsync is not null).Select(job => (job, def: catalog.Find(job.Name)))
            .Where(x => x.def is { IsTimer: true })
            .Select(x => RunAsync(x.job, ParseSchedule(x.def!.Trigger.Schedule!), stoppingToken));
        return Task.WhenAll(loops);
    }

    public static CrontabSchedule ParseSchedule(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    private async Task RunAsync(FunctionRegistration job, CrontabSchedule schedule, CancellationToken ct)
    {
        DateTimeOffset? last = null;
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            try { await Task.Delay(next - now, clock, ct); }
            catch (OperationCanceledException) { return; }
            try
            {
                var line = await job.RunTimerAsync!(services, new TimerInvocation(job.Name, next, clock.GetUtcNow() - next > TimeSpan.FromMinutes(1), last), ct);
                log.LogInformation("{Function}: {Result}", job.Name, line);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Like the Functions host: a failed timer run is logged and the next occurrence tries again.
                log.LogError(e, "{Function} failed", job.Name);
            }
            last = next;
        }
    }
}
