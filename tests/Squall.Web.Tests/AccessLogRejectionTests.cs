using System.Net.Sockets;
using System.Text;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>
/// The access log records every request, including the ones the HTTP layer refuses before routing (malformed heads,
/// contradictory framing): with their status and reason, and the method and target when the start line was readable.
/// </summary>
public sealed class AccessLogRejectionTests
{
    private static string Exchange(int port, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000 };
        socket.Connect("127.0.0.1", port);
        socket.Send(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = socket.Receive(buffer)) > 0) received.Write(buffer, 0, n); // the server closes after a rejection
        return Encoding.ASCII.GetString(received.ToArray());
    }

    [Fact]
    public void Rejected_requests_are_in_the_access_log_with_status_and_reason()
    {
        var log = new ListLogger();
        using var server = new AsyncHttpTestServer(Squall.Generated.Routes.Table, new ApplicationSettings { Logger = log });

        var malformed = Exchange(server.Port, "GET /hello HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", malformed);
        var smuggling = Exchange(server.Port, "POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc");
        Assert.StartsWith("HTTP/1.1 400 ", smuggling);
        // An unreadable request line after a good request on the same connection: nothing of the first may be reused.
        var unreadable = Exchange(server.Port, "PUT /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\nNOT A REQUEST LINE\r\n\r\n");
        Assert.Contains("HTTP/1.1 400 ", unreadable);

        // The log line is written before the response is sent, so all are there once the responses were read.
        var lines = log.Lines;
        // A bad header after a readable request line: the line's method and target are known.
        Assert.Contains(lines, l => l.StartsWith("Warning 400 GET /hello (127.0.0.1) rejected: Invalid characters in header name", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Warning 400 POST /hello (127.0.0.1) rejected: ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("Warning 400 - - (127.0.0.1) rejected: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Warning 400 PUT ", StringComparison.Ordinal));
    }
}
