using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Afterglow.Tests.Infrastructure;

/// <summary>Every log line of a test host, at every level, with its exception, for a test to read.</summary>
public sealed class CapturedLogs : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;
    /// <summary>Scopes are kept as lines too ("scope: …"), so a test that reads the logs reads what a scope carries.</summary>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        Lines.Enqueue("scope: " + ScopeText(state));
        return null;
    }

    private static string ScopeText(object state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
        ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) + " " + state
        : state.ToString() ?? "";

    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + " " + exception);
    public void Dispose() { }
}
