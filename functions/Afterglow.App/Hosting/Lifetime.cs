namespace Afterglow.App.Hosting;

public static class Lifetime
{
    /// <summary>
    /// Completes once the app listens. Background warm-ups wait for it: on a small instance they would
    /// otherwise take CPU from the start-up itself (~100 ms of a cold start on two cores).
    /// </summary>
    public static Task WhenStartedAsync(this IHostApplicationLifetime life)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        life.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task;
    }
}
