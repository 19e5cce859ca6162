using Microsoft.Extensions.Logging;

namespace Squall;

/// <summary>The logger Squall uses when none is given: a small console logger on standard error.</summary>
public static class SquallLogging
{
    private static ILogger s_default = new ConsoleLogger("squall", LogLevel.Information);

    /// <summary>The process-wide default logger. Replace it to route Squall's logs elsewhere.</summary>
    public static ILogger Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value ?? throw new ArgumentNullException(nameof(value)));
    }
}

/// <summary>
/// A minimal <see cref="ILogger"/> writing one line per entry to standard error. It never throws: a line that cannot be
/// written (stderr closed, a full disk) is dropped.
/// </summary>
public sealed class ConsoleLogger : ILogger
{
    private readonly string _category;
    private readonly LogLevel _minimum;
    private readonly TextWriter? _error;

    /// <summary>Creates a logger for <paramref name="category"/> that drops entries below <paramref name="minimum"/>.</summary>
    public ConsoleLogger(string category, LogLevel minimum = LogLevel.Information)
    {
        _category = category;
        _minimum = minimum;
        // Console.Error opens stderr on first use, which dups fd 2: done lazily, the first log line of a process that
        // has run out of descriptors (exactly when there is something to log) would fail with EMFILE. Opened now.
        _error = OpenStandardError();
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        string line = $"[{Abbreviation(logLevel)} {DateTime.UtcNow:HH:mm:ss.fff} {_category}] {formatter(state, exception)}";
        if (exception is not null) line += Environment.NewLine + exception;
        try
        {
            (_error ?? Console.Error).WriteLine(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Logging must not take the caller down (it runs inside the loop's error handling).
        }
    }

    private static TextWriter? OpenStandardError()
    {
        try
        {
            return Console.Error;
        }
        catch (IOException)
        {
            return null; // already out of descriptors: Log tries again per line
        }
    }

    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "T",
        LogLevel.Debug => "D",
        LogLevel.Information => "I",
        LogLevel.Warning => "W",
        LogLevel.Error => "E",
        _ => "C",
    };
}
