namespace Squall.Http.Tests;

/// <summary>
/// Idle, header (slow-loris) and body timeouts on a manual loop clock: each connection is asserted to stay open and
/// serve at exactly the timeout minus one tick, and to be closed, with its logged reason, at the timeout. The clock
/// stands still unless the test moves it, so a loaded machine cannot move a boundary.
/// </summary>
public sealed class ServerTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly long TimeoutTicks = ManualClock.Ticks(Timeout);

    /// <summary>Blocks until the server's open connections are under exactly <paramref name="deadlines"/>.</summary>
    private static void WaitForDeadlines(ServerOnThread server, params (string Kind, long At)[] deadlines)
    {
        var expected = deadlines.Order().ToArray();
        server.WaitUntil(() => server.Http.ArmedDeadlines.Order().SequenceEqual(expected),
            "deadlines " + string.Join(", ", expected));
    }

    private static bool Logged(ServerOnThread server, string prefix) =>
        server.Log.Entries.Any(e => e.Message.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void AConnectionIdleForTheTimeoutMinusATickServesAndAtTheTimeoutIsClosed()
    {
        var clock = new ManualClock();
        using var server = new ServerOnThread(new TestHandler(), new HttpServerSettings { IdleConnectionTimeout = Timeout }, clock: clock);
        using var c = new RawClient(server.Port);
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, c.ReadResponse().Status);
        // The idle period starts when the response is done (the clock has not moved since the connection came).
        WaitForDeadlines(server, ("Idle", clock.Now + TimeoutTicks));

        server.Advance(TimeoutTicks - 1);
        Assert.False(Logged(server, "Idle timeout"));
        Assert.True(c.NothingToRead);
        // Still open at the last tick: a request now is served, and starts a new idle period from now.
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, c.ReadResponse().Status);
        WaitForDeadlines(server, ("Idle", clock.Now + TimeoutTicks));

        server.Advance(TimeoutTicks - 1);
        Assert.False(Logged(server, "Idle timeout"));
        Assert.Equal(1, server.ConnectionCount);
        server.Advance(1);
        Assert.True(c.IsClosedByServer());
        var entry = Assert.Single(server.Log.Entries, e => e.Message.StartsWith("Idle timeout", StringComparison.Ordinal));
        Assert.Equal("Idle timeout for 127.0.0.1: no request for 00:00:10; closing", entry.Message);
        server.WaitUntil(() => server.Http.ConnectionCount == 0, "the server to drop the idle connection");
    }

    [Fact]
    public void AHeadStillIncompleteAtTheHeaderTimeoutIsAnswered408AndClosed()
    {
        var clock = new ManualClock();
        using var server = new ServerOnThread(new TestHandler(), new HttpServerSettings { HeaderTimeout = Timeout }, clock: clock);
        // Two slow-loris heads begun at the same instant; one is completed at the last tick, the other never.
        using var finishes = new RawClient(server.Port);
        using var trickles = new RawClient(server.Port);
        finishes.Send("GET /hello HTTP/1.1\r\nHost: x\r\n");
        trickles.Send("GET /hello HTTP/1.1\r\nHost: x\r\n");
        long headerDeadline = clock.Now + TimeoutTicks;
        WaitForDeadlines(server, ("Header", headerDeadline), ("Header", headerDeadline));

        server.Advance(TimeoutTicks - 1);
        Assert.False(Logged(server, "Header timeout"));
        Assert.True(trickles.NothingToRead);
        finishes.Send("\r\n");
        Assert.Equal(200, finishes.ReadResponse().Status);
        WaitForDeadlines(server, ("Header", headerDeadline), ("Idle", clock.Now + ManualClock.Ticks(new HttpServerSettings().IdleConnectionTimeout)));

        server.Advance(1);
        var r = trickles.ReadResponse();
        Assert.Equal("HTTP/1.1 408 Request Timeout", r.StatusLine);
        Assert.True(trickles.IsClosedByServer());
        var entry = Assert.Single(server.Log.Entries, e => e.Message.StartsWith("Header timeout", StringComparison.Ordinal));
        Assert.Equal("Header timeout for 127.0.0.1; closing", entry.Message);
        server.WaitUntil(() => server.Http.ConnectionCount == 1, "the server to drop the slow-loris connection only");
    }

    [Fact]
    public void ABodyStillIncompleteAtTheBodyTimeoutIsCutOff()
    {
        var clock = new ManualClock();
        using var server = new ServerOnThread(new TestHandler(), new HttpServerSettings { BodyTimeout = Timeout }, clock: clock);
        using var finishes = new RawClient(server.Port);
        using var stalls = new RawClient(server.Port);
        finishes.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
        stalls.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
        long bodyDeadline = clock.Now + TimeoutTicks;
        WaitForDeadlines(server, ("Body", bodyDeadline), ("Body", bodyDeadline));

        server.Advance(TimeoutTicks - 1);
        Assert.False(Logged(server, "Body timeout"));
        finishes.Send("cdefghij");
        var echoed = finishes.ReadResponse();
        Assert.Equal(200, echoed.Status);
        Assert.Equal("abcdefghij", echoed.BodyText);
        WaitForDeadlines(server, ("Body", bodyDeadline), ("Idle", clock.Now + ManualClock.Ticks(new HttpServerSettings().IdleConnectionTimeout)));

        server.Advance(1);
        Assert.True(stalls.IsClosedByServer());
        var entry = Assert.Single(server.Log.Entries, e => e.Message.StartsWith("Body timeout", StringComparison.Ordinal));
        Assert.Equal("Body timeout for 127.0.0.1; closing", entry.Message);
        server.WaitUntil(() => server.Http.ConnectionCount == 1, "the server to drop the stalled connection only");
    }
}
