using Squall.TestSupport;
using Squall.Web;

namespace Squall.WebSocket.Tests;

/// <summary>
/// Issue 15's "nothing lost" for WebSockets: every connection's end has its reason in the log. A close frame's code is
/// logged by the close path; a peer that vanishes without one (1006) must be logged too, and a clean close must not be.
/// </summary>
public sealed class AbnormalClosureLogTests
{
    [Fact]
    public void A_peer_that_vanishes_without_a_close_frame_is_logged_once_and_a_clean_close_is_not()
    {
        var log = new ListLogger();
        using var server = new LoggedServer(log);

        using (var clean = new RawWebSocket(server.Port))
        {
            Assert.Equal(101, clean.Handshake());
            clean.Send(RawWebSocket.Frame(1, "hi"));
            Assert.Equal("hi", clean.ReadFrame().Text);
            clean.Send(RawWebSocket.CloseFrame(1000));
            Assert.Equal(1000, clean.ReadFrame().CloseCode);
            Assert.True(clean.ServerClosedTcp());
        }

        using (var vanishing = new RawWebSocket(server.Port))
        {
            Assert.Equal(101, vanishing.Handshake());
            vanishing.Send(RawWebSocket.Frame(1, "hi"));
            Assert.Equal("hi", vanishing.ReadFrame().Text);
        } // TCP closed without a close frame

        Assert.True(log.WhenLogged(e => e.Message.Contains("without a close frame")).Wait(TimeSpan.FromSeconds(30)),
            "the lost connection was not logged");
        var lines = log.Entries.Where(e => e.Message.StartsWith("WebSocket ", StringComparison.Ordinal) && e.Message.Contains("(1006)")).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("127.0.0.1", line.Message);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
    }

    /// <summary>The test routes served by a loop (on its own thread) that logs to a <see cref="ListLogger"/>.</summary>
    private sealed class LoggedServer : IDisposable
    {
        private readonly Thread _thread;
        private IOLoop? _loop;

        public LoggedServer(ListLogger log)
        {
            using var ready = new ManualResetEventSlim();
            Exception? failure = null;
            _thread = new Thread(() =>
            {
                try
                {
                    _loop = new IOLoop(new IOLoopOptions { Logger = log });
                    _loop.MakeCurrent();
                    Port = new Application(TestRoutes.Table, new ApplicationSettings { Logger = log }).Listen(0).BoundPort;
                }
                catch (Exception e)
                {
                    failure = e;
                    ready.Set();
                    return;
                }
                ready.Set();
                _loop.Start();
                _loop.Dispose();
            }) { IsBackground = true, Name = "ws-log-test-server" };
            _thread.Start();
            if (!ready.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("server did not start");
            if (failure is not null) throw failure;
        }

        public int Port { get; private set; }

        public void Dispose()
        {
            _loop?.AddCallback(() => _loop.Stop());
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
