using System.IO.Compression;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// The client reads responses as strictly as the server reads requests (each fault a clear 599), and inflates a
/// compressed body as it arrives, bounded by MaxBodySize.
/// </summary>
public sealed class ClientResponseParsingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IOLoop _loop = new();

    public ClientResponseParsingTests() => _loop.MakeCurrent();

    public void Dispose() => _loop.Dispose();

    private (HttpResponse? Response, HttpClientError? Error) Fetch(ScriptedPeer peer, HttpRequest? request = null) =>
        _loop.RunSync(async () =>
        {
            try
            {
                return (await new AsyncHttpClient().Fetch(request ?? new HttpRequest(peer.Url("/"))), (HttpClientError?)null);
            }
            catch (HttpClientError e)
            {
                return ((HttpResponse?)null, e);
            }
        }, Timeout);

    private static ScriptedPeer Answering(string head, string body = "hello") => new(c =>
    {
        c.ReadRequest();
        c.Send(head + "\r\n" + body);
    });

    public static TheoryData<string, string> MalformedHeads => new()
    {
        { "HTTP/1.1 200 OK\r\nX-A: a\r\n folded\r\n", "Obsolete line folding" },
        { "HTTP/1.1 200 OK\r\nX-A: a\r\n\tfolded\r\n", "Obsolete line folding" },
        { "HTTP/1.1 200 OK\r\nX-A : a\r\n", "header name" },
        { "HTTP/1.1 200 OK\r\nX\u0001A: a\r\n", "header name" },
        { "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n", "header value" },
        { "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n", "header value" },
        { "HTTP/1.1 200 OK\r\nX-A: a\0\r\n", "header value" },
        { "HTTP/1.1 200 OK\r\nX-A: a\nX-B: b\r\n", "must end with CRLF" },
        { "HTTP/1.1 200 OK\r\nNo-Colon\r\n", "Malformed response header line" },
        { "HTTP/1.1 200 OK\r\n: empty-name\r\n", "Malformed response header line" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", "both Content-Length and Transfer-Encoding" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n", "both Content-Length and Transfer-Encoding" },
        { "HTTP/1.1 2000 OK\r\n", "status line" },
        { "HTTP/1.1 20 OK\r\n", "status line" },
        { "HTTP/1.1  200 OK\r\n", "status line" },
        { "HTTP/2 200 OK\r\n", "status line" },
        { "HTTP/1.1 099 Low\r\n", "status line" },
        { "http/1.1 200 OK\r\n", "status line" },
        { "HTTP/1.1 200 O\u0001K\r\n", "reason phrase" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeads))]
    public void AMalformedResponseHeadIsAClearError(string head, string message)
    {
        using var peer = Answering(head);
        var (response, error) = Fetch(peer);
        Assert.Null(response);
        Assert.NotNull(error);
        Assert.Equal(599, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message); // the quoted line is escaped
    }

    [Theory]
    [InlineData("HTTP/1.1 200\r\nContent-Length: 5\r\n", 200, "")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n", 200, "OK")]
    [InlineData("HTTP/1.1 299 Fine \t Really\r\nContent-Length:5\r\nX-Latin1: caf\u00e9\r\n", 299, "Fine \t Really")]
    [InlineData("HTTP/1.0 200 OK\r\n", 200, "OK")]
    public void AWellFormedHeadIsRead(string head, int code, string reason)
    {
        using var peer = Answering(head);
        var (response, error) = Fetch(peer);
        Assert.Null(error);
        Assert.Equal(code, response!.Code);
        Assert.Equal(reason, response.Reason);
        Assert.Equal("hello", response.Text);
    }

    [Fact]
    public void ACompressedBodyIsBoundedByMaxBodySizeAsItStreams()
    {
        // 16 MiB of zeros gzip to ~16 KB: the first chunk alone inflates past the 1 MiB limit. The server then stalls
        // without ending the body, so only a client that inflates as the body arrives can fail before its timeout.
        var bomb = Gzip(new byte[16 * 1024 * 1024]);
        using var peer = new ScriptedPeer(c =>
        {
            c.ReadRequest();
            c.Send("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.Send(Encoding.ASCII.GetBytes($"{bomb.Length:x}\r\n").Concat(bomb).Concat("\r\n"u8.ToArray()).ToArray());
            c.WaitForClientClose();
        });
        var request = new HttpRequest(peer.Url("/")) { MaxBodySize = 1024 * 1024, RequestTimeout = TimeSpan.FromSeconds(120) };
        var (response, error) = Fetch(peer, request);
        Assert.Null(response);
        Assert.NotNull(error);
        Assert.Equal(599, error.Code);
        Assert.Contains("larger than MaxBodySize (1048576 bytes, decompressed)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip", 1)]
    [InlineData("gzip", 7)]
    [InlineData("gzip", 65536)]
    [InlineData("deflate", 1)]
    [InlineData("deflate", 4096)]
    [InlineData("raw-deflate", 3)]
    public void ABodyInflatesTheSameWhateverItsPieces(string coding, int pieceSize)
    {
        var original = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",")));
        byte[] compressed = coding switch
        {
            "gzip" => Gzip(original),
            "deflate" => Compress(original, s => new ZLibStream(s, CompressionLevel.Optimal)),
            _ => Compress(original, s => new DeflateStream(s, CompressionLevel.Optimal)),
        };
        using var decompressor = StreamingDecompressor.For(coding == "raw-deflate" ? "deflate" : coding)!;
        var output = new MemoryStream();
        for (int i = 0; i < compressed.Length; i += pieceSize)
            decompressor.Write(compressed.AsSpan(i, Math.Min(pieceSize, compressed.Length - i)), m => output.Write(m.Span));
        Assert.Equal(original, output.ToArray());
    }

    [Fact]
    public void AnInvalidCompressedBodyIsAClearError()
    {
        using var decompressor = StreamingDecompressor.For("gzip")!;
        var error = Assert.Throws<HttpClientError>(() => decompressor.Write("not gzip at all"u8, _ => { }));
        Assert.Equal(599, error.Code);
        Assert.Contains("Invalid compressed response body", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data) => Compress(data, s => new GZipStream(s, CompressionLevel.Optimal));

    private static byte[] Compress(byte[] data, Func<Stream, Stream> make)
    {
        var output = new MemoryStream();
        using (var z = make(output)) z.Write(data);
        return output.ToArray();
    }
}
