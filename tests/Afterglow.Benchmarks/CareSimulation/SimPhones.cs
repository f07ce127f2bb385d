using System.Collections.Concurrent;
using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>Something that happens at a time in the simulated office: a reply, a delivery report, a resolution.</summary>
public sealed record SimEvent(DateTimeOffset At, string Kind, Func<Task> Run, bool TouchesIncidents);

/// <summary>
/// Every phone in the simulated office. Each SMS the engine queues is counted (once per key, as the outbox
/// keeps it), and the person it reaches decides, by the behaviour model, whether and when to answer. Random
/// draws are seeded by the message key, so a run is the same whatever order parallel sweeps queue in.
/// </summary>
public sealed class SimPhones(Func<DateTimeOffset> now) : ICareMessages
{
    private readonly ConcurrentDictionary<string, CareMessage> _sent = new();
    private readonly PriorityQueue<SimEvent, DateTimeOffset> _events = new();
    private readonly object _gate = new();
    private int _repeats;

    public Func<CareMessage, DateTimeOffset, IEnumerable<SimEvent>>? Behaviour { get; set; }
    public IReadOnlyCollection<CareMessage> Sent => (IReadOnlyCollection<CareMessage>)_sent.Values;
    public int Repeats => _repeats;
    public int Inbound;

    public Task QueueAsync(CareMessage message, CancellationToken ct)
    {
        if (!_sent.TryAdd(message.Key, message))
        {
            Interlocked.Increment(ref _repeats);
            return Task.CompletedTask;
        }
        if (Behaviour is { } behave)
            foreach (var e in behave(message, now())) Schedule(e);
        return Task.CompletedTask;
    }

    public void Schedule(SimEvent e)
    {
        lock (_gate) _events.Enqueue(e, e.At);
    }

    public DateTimeOffset? NextAt
    {
        get { lock (_gate) return _events.TryPeek(out _, out var at) ? at : null; }
    }

    public SimEvent? TakeDue(DateTimeOffset until)
    {
        lock (_gate) return _events.TryPeek(out var e, out var at) && at <= until ? _events.Dequeue() : null;
    }

    /// <summary>SMS segments as carriers bill them: 70 UCS-2 characters (67 when split), or 160/153 GSM-7.</summary>
    public static int Segments(string text)
    {
        var gsm = text.All(c => c < 128);
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }

    public static Random RandomFor(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key) { hash ^= c; hash *= 16777619u; }
        return new Random((int)hash);
    }

    /// <summary>A log-normal delay with the given median (minutes): most quick, some slow.</summary>
    public static TimeSpan Delay(Random r, double medianMinutes, double sigma)
    {
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return TimeSpan.FromMinutes(medianMinutes * Math.Exp(sigma * normal));
    }

    public static TimeSpan Between(Random r, double fromMinutes, double toMinutes) => TimeSpan.FromMinutes(fromMinutes + r.NextDouble() * (toMinutes - fromMinutes));
}
