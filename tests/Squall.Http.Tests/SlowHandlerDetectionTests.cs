using Microsoft.Extensions.Logging;

namespace Squall.Http.Tests;

/// <summary>
/// The slow-callback detector names the request whose handler blocked the loop: the slowest delegate is the
/// stream's readiness handler, which says nothing about which code to fix.
/// </summary>
public sealed class SlowHandlerDetectionTests
{
    private sealed class BlockingHandler : IHttpHandler
    {
        public Future RequestReceived(HttpServerRequest request)
        {
            if (request.Path == "/block") Thread.Sleep(150); // the fault under test: blocking work on the loop
            request.Connection.WriteHeaders(200);
            request.Connection.Write("done"u8);
            request.Connection.Finish();
            return Future.Completed;
        }
    }

    [Fact]
    public void A_handler_that_blocks_the_loop_is_named_in_the_warning()
    {
        using var server = new ServerOnThread(new BlockingHandler(), detectSlowCallbacks: true, slowCallbackThreshold: TimeSpan.FromMilliseconds(50));
        using var client = new RawClient(server.Port);
        client.Send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("done", client.ReadResponse().BodyText);
        client.Send("GET /block?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("done", client.ReadResponse().BodyText);
        // The warning is logged at the end of the loop iteration that ran the handler, before the next one starts:
        // a round trip on the loop after the response makes sure that iteration is over.
        server.OnLoop(() => 0);
        // (On a loaded machine other iterations may be slow too; the one that ran /block must say so.)
        var warnings = server.Log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Blocked the IOLoop")).ToList();
        Assert.Contains(warnings, w => w.Message.Contains("(handling GET /block)"));
    }
}
