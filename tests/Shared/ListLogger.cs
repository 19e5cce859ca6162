using Microsoft.Extensions.Logging;

namespace Squall.TestSupport;

/// <summary>Captures log entries so tests can assert what the loop logged.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = new();
    private readonly List<(Func<(LogLevel Level, string Message, Exception? Exception), bool> Match, TaskCompletionSource Logged)> _waits = new();

    /// <summary>Completes once an entry matching <paramref name="match"/> has been logged (at once if one already was).</summary>
    public Task WhenLogged(Func<(LogLevel Level, string Message, Exception? Exception), bool> match)
    {
        lock (_entries)
        {
            if (_entries.Any(match)) return Task.CompletedTask;
            var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((match, logged));
            return logged.Task;
        }
    }

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get { lock (_entries) return _entries.ToArray(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            var entry = (logLevel, formatter(state, exception), exception);
            _entries.Add(entry);
            for (int i = _waits.Count - 1; i >= 0; i--)
            {
                if (!_waits[i].Match(entry)) continue;
                _waits[i].Logged.TrySetResult();
                _waits.RemoveAt(i);
            }
        }
    }
}
