using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

/// <summary>
/// Development only: the app's clock with a settable offset, so the browser tests can walk a check-in up the
/// ladder in seconds. Stopwatch timestamps and timers keep real time; only "now" moves.
/// </summary>
public sealed class DevClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
    public override long GetTimestamp() => inner.GetTimestamp();
    public override long TimestampFrequency => inner.TimestampFrequency;
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

public sealed record AdvanceClock(int? Minutes);

public sealed record ClockAdvanced(DateTimeOffset Now, DateTimeOffset LocalNow, string Sweep);

public static class DevClockApi
{
    public const int MaxMinutes = 7 * 24 * 60;

    /// <summary>POST /api/dev/clock/advance {minutes}: moves the clock, then runs the check-in sweep once so the effect shows at once.</summary>
    public static void MapDevClock(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/dev/clock/advance", AdvanceAsync).RequireAuthorization(Policies.Staff);
    }

    private static async Task<Results<Ok<ClockAdvanced>, ValidationProblem>> AdvanceAsync(
        AdvanceClock body, DevClock clock, OfficeClock office, CheckInSweep sweep, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Minutes is not (>= 1 and <= MaxMinutes)) errors.Add("minutes", $"Between 1 and {MaxMinutes} minutes.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        clock.Advance(TimeSpan.FromMinutes(body.Minutes!.Value));
        var line = await sweep.RunAsync(new Hosting.TimerInvocation(CheckInSweep.FunctionName, office.UtcNow, false, null), ct);
        return TypedResults.Ok(new ClockAdvanced(office.UtcNow, office.LocalNow, line));
    }
}
