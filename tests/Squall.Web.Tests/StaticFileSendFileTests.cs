using System.Net.Sockets;
using System.Text;
using Squall.Http;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>
/// Static files over plain TCP go through sendfile(2): the bytes arrive intact (whole, ranges, pipelined after each
/// other), conditional requests send nothing, and a client that stops reading is cut off by the write timeout.
/// </summary>
/// <remarks>
/// Not run beside other tests: its large bodies would count in the working-set growth that
/// <c>StreamedUploadOf200MiBDoesNotBuffer</c> measures for the whole process.
/// </remarks>
[Collection(nameof(StaticFileSendFileTests))]
public sealed class StaticFileSendFileTests : IDisposable
{
    private const int BigSize = 16 * 1024 * 1024 + 5; // far beyond the socket buffers on both sides (loopback: ≤ 4 MiB)
    private readonly string _root;
    private readonly byte[] _big;
    private readonly AsyncHttpTestServer _server;

    public StaticFileSendFileTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "squall-sendfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _big = new byte[BigSize];
        new Random(11).NextBytes(_big);
        File.WriteAllBytes(Path.Combine(_root, "big.bin"), _big);
        UnflushedBigHandler.Body = _big;
        _server = new AsyncHttpTestServer(Squall.Generated.Routes.Table,
            new ApplicationSettings { StaticPath = _root, Logger = new ListLogger(), CompressResponse = true },
            new HttpServerSettings { WriteTimeout = TimeSpan.FromSeconds(1) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private long FileBytesSent => _server.Invoke(() => _server.Server.FileBytesSent);

    [Fact]
    public void LargeFileRangesAndConditionalRequestsGoThroughSendFile()
    {
        var whole = _server.Fetch("/static/big.bin");
        Assert.Equal(200, whole.Code);
        Assert.Equal(BigSize.ToString(), whole.Headers["Content-Length"]);
        Assert.True(whole.Body.Span.SequenceEqual(_big));
        Assert.Equal(BigSize, FileBytesSent);

        var range = _server.Fetch("/static/big.bin", headers: [new("Range", "bytes=1000000-1999999")]);
        Assert.Equal(206, range.Code);
        Assert.Equal($"bytes 1000000-1999999/{BigSize}", range.Headers["Content-Range"]);
        Assert.True(range.Body.Span.SequenceEqual(_big.AsSpan(1_000_000, 1_000_000)));
        var tail = _server.Fetch("/static/big.bin", headers: [new("Range", "bytes=-7")]);
        Assert.True(tail.Body.Span.SequenceEqual(_big.AsSpan(BigSize - 7)));
        Assert.Equal(BigSize + 1_000_000 + 7, FileBytesSent);

        // If-None-Match with the ETag: 304, and no file byte leaves.
        var notModified = _server.Fetch("/static/big.bin", headers: [new("If-None-Match", whole.Headers["Etag"]!)]);
        Assert.Equal(304, notModified.Code);
        Assert.Equal(0, notModified.Body.Length);
        var head = _server.Fetch("/static/big.bin", method: "HEAD");
        Assert.Equal(200, head.Code);
        Assert.Equal(BigSize.ToString(), head.Headers["Content-Length"]);
        Assert.Equal(BigSize + 1_000_000 + 7, FileBytesSent);
    }

    [Fact]
    public void PipelinedRequestsGetEachFileWholeAndInOrder()
    {
        File.WriteAllBytes(Path.Combine(_root, "small.txt"), "small file"u8.ToArray());
        using var client = Connect();
        client.Send(Encoding.ASCII.GetBytes(
            "GET /static/big.bin HTTP/1.1\r\nHost: t\r\n\r\n" +
            "GET /static/small.txt HTTP/1.1\r\nHost: t\r\n\r\n" +
            "GET /static/big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=5-9\r\nConnection: close\r\n\r\n"));
        var all = ReadToEnd(client);
        int at = 0;
        Assert.True(NextResponse(all, ref at, out int status, out var body));
        Assert.Equal(200, status);
        Assert.True(body.SequenceEqual(_big));
        Assert.True(NextResponse(all, ref at, out status, out body));
        Assert.Equal("small file", Encoding.ASCII.GetString(body));
        Assert.True(NextResponse(all, ref at, out status, out body));
        Assert.Equal(206, status);
        Assert.True(body.SequenceEqual(_big.AsSpan(5, 5)));
        Assert.Equal(all.Length, at);
    }

    [Fact]
    public async Task AClientThatStopsReadingIsCutOffByTheWriteTimeout()
    {
        var received = await GetWithoutReading("/static/big.bin");
        Assert.InRange(received.Length, 1, BigSize - 1);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", Encoding.Latin1.GetString(received, 0, 17));
        Assert.Equal(BigSize, FileBytesSent); // handed to sendfile whole: no copy of it was ever buffered by the server

        // The loop is fine and serves the next client.
        Assert.Equal(206, _server.Fetch("/static/big.bin", headers: [new("Range", "bytes=0-0")]).Code);
    }

    [Fact]
    public async Task AFinishedResponseTheClientStopsReadingIsCutOffByTheWriteTimeout()
    {
        // The handler writes the whole body and finishes without a Flush: the response waits in the stream's buffer
        // while the connection is between requests. Before the fix only the idle timeout (1 h) would have closed it.
        var received = await GetWithoutReading("/unflushed-big");
        Assert.InRange(received.Length, 1, BigSize - 1);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", Encoding.Latin1.GetString(received, 0, 17));
        Assert.Equal(0, FileBytesSent); // a buffered body, not a file

        // The same response read to the end is whole: the timeout cuts off only a client that stops reading.
        var whole = _server.Fetch("/unflushed-big");
        Assert.Equal(200, whole.Code);
        Assert.True(whole.Body.Span.SequenceEqual(_big));
    }

    /// <summary>
    /// Sends a GET for <paramref name="path"/> and reads nothing until the write timeout has cut the connection off
    /// (the kernel buffers fill, the server's sends stop making progress); then returns what was in flight.
    /// </summary>
    private async Task<byte[]> GetWithoutReading(string path)
    {
        var timedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Invoke(() => _server.Server.WriteTimedOut = () => timedOut.TrySetResult());
        using var client = Connect();
        client.ReceiveBufferSize = 64 * 1024;
        client.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n"));
        await timedOut.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return ReadToEnd(client);
    }

    private Socket Connect()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000 };
        client.Connect("127.0.0.1", _server.Port);
        return client;
    }

    private static byte[] ReadToEnd(Socket client)
    {
        var output = new MemoryStream();
        var buffer = new byte[256 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = client.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break; // a close with bytes still unsent may end in a reset
            }
            if (n == 0) break;
            output.Write(buffer, 0, n);
        }
        return output.ToArray();
    }

    /// <summary>Parses one Content-Length-framed response at <paramref name="at"/>.</summary>
    private static bool NextResponse(byte[] data, ref int at, out int status, out ReadOnlySpan<byte> body)
    {
        status = 0;
        body = default;
        int end = data.AsSpan(at).IndexOf("\r\n\r\n"u8);
        if (end < 0) return false;
        string head = Encoding.Latin1.GetString(data, at, end);
        status = int.Parse(head.AsSpan(9, 3));
        long length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = long.Parse(line.AsSpan(15).Trim());
        }
        int bodyStart = at + end + 4;
        body = data.AsSpan(bodyStart, (int)length);
        at = bodyStart + (int)length;
        return true;
    }
}

/// <summary>Runs <see cref="StaticFileSendFileTests"/> alone (see its remarks).</summary>
[CollectionDefinition(nameof(StaticFileSendFileTests), DisableParallelization = true)]
public sealed class StaticFileSendFileCollection;

/// <summary>A large body written whole and finished without a flush (<see cref="StaticFileSendFileTests"/>).</summary>
[Route("/unflushed-big")]
public sealed class UnflushedBigHandler : RequestHandler
{
    internal static byte[] Body = [];

    public void Get()
    {
        SetHeader("Content-Type", "application/octet-stream");
        Write(Body);
    }
}
