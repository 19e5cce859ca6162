using Microsoft.Extensions.Logging;

namespace Squall.Tests;

/// <summary>
/// A logger that throws (stderr that cannot be opened while the process is out of descriptors, a closed pipe) must
/// not take the loop down: before the fix the exception thrown while logging a callback's failure escaped
/// <see cref="IOLoop.Start"/> and killed the process.
/// </summary>
public sealed class FailingLoggerTests
{
    private sealed class ThrowingLogger : ILogger
    {
        public int Calls;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Calls++;
            throw new IOException("Too many open files");
        }
    }

    [Theory]
    [InlineData(PollerKind.Epoll)]
    [InlineData(PollerKind.Poll)]
    public void A_logger_that_throws_while_reporting_failures_does_not_stop_the_loop(PollerKind poller)
    {
        var logger = new ThrowingLogger();
        using var loop = new IOLoop(new IOLoopOptions { Poller = poller, Logger = logger, SlowCallbackThreshold = TimeSpan.Zero });
        var reached = loop.RunSync(async () =>
        {
            loop.AddCallback(() => throw new InvalidOperationException("boom in callback"));
            loop.CallLater(TimeSpan.Zero, () => throw new InvalidOperationException("boom in timer"));
            var after = new Future<bool>();
            // Queued after the failing ones: runs only if the loop survived them.
            loop.CallLater(TimeSpan.Zero, () => loop.AddCallback(() => after.SetResult(true)));
            return await after;
        }, TimeSpan.FromSeconds(20));
        Assert.True(reached);
        Assert.True(logger.Calls >= 2, $"the logger was called {logger.Calls} times");
    }

    private sealed class FailingWriter : StringWriter
    {
        public int Writes;

        public override void WriteLine(string? value)
        {
            Writes++;
            throw new IOException("Too many open files");
        }
    }

    [Fact]
    public void ConsoleLogger_takes_stderr_when_made_and_drops_a_line_it_cannot_write()
    {
        var writer = new FailingWriter();
        var previous = Console.Error;
        ConsoleLogger logger;
        Console.SetError(writer);
        try
        {
            logger = new ConsoleLogger("test", LogLevel.Information);
        }
        finally
        {
            Console.SetError(previous);
        }
        // Console.Error is back to the real one: the logger kept the writer it was made with.
        logger.LogError(new InvalidOperationException("boom"), "a failure to report");
        Assert.Equal(1, writer.Writes);
    }
}
