using System.Text;

namespace Squall.Http.Tests;

/// <summary>Table-driven tests of the span parser and the chunked decoder, no sockets (Kestrel's HttpParsingData shape).</summary>
public sealed class HttpParserTests
{
    private struct Recorder : IHttpParserHandler
    {
        public List<string> Events;

        public readonly void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version) =>
            Events.Add($"{Encoding.ASCII.GetString(method)} {Encoding.ASCII.GetString(target)} {version}");

        public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Events.Add($"{Encoding.ASCII.GetString(name)}={Encoding.Latin1.GetString(value)}");
    }

    private static HttpParseResult Parse(string text, out List<string> events, int max = 65536)
    {
        var recorder = new Recorder { Events = new List<string>() };
        var result = HttpParser.ParseRequestHead(Encoding.Latin1.GetBytes(text), ref recorder, max);
        events = recorder.Events;
        return result;
    }

    private const string Valid = "POST /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nContent-Length:5\r\nX-Empty:\r\nX-Pad: \t v a l \t \r\n\r\n";

    [Fact]
    public void ParsesAValidHead()
    {
        var result = Parse(Valid + "hello", out var events);
        Assert.Equal(HttpParseStatus.Complete, result.Status);
        Assert.Equal(Valid.Length, result.Consumed);
        Assert.Equal(["POST /a/b?c=d HTTP/1.1", "Host=example.com", "Content-Length=5", "X-Empty=", "X-Pad=v a l"], events);
    }

    [Fact]
    public void EveryPrefixOfAValidHeadIsIncompleteWithoutCallbacks()
    {
        for (int i = 0; i < Valid.Length; i++)
        {
            var result = Parse(Valid[..i], out var events);
            Assert.True(result.Status == HttpParseStatus.Incomplete, $"prefix {i}: {result}");
            Assert.Empty(events);
        }
    }

    [Fact]
    public void LeadingEmptyLinesAreIgnored()
    {
        var result = Parse("\r\nGET / HTTP/1.0\r\n\r\n", out var events);
        Assert.Equal(HttpParseStatus.Complete, result.Status);
        Assert.Equal(["GET / HTTP/1.0"], events);
    }

    public static TheoryData<string, RequestRejectionReason> InvalidHeads => new()
    {
        { "asdf\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { " GET / HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET  / HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / HTTP/1.1 \r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET /  HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GE T / HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestTarget },
        { "G\"T / HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET\t/ HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / http/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / HTTP/1.1x\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / HTTP/11\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / HTTP/3.0\r\n\r\n", RequestRejectionReason.UnrecognizedHttpVersion },
        { "GET / HTTP/1.9\r\n\r\n", RequestRejectionReason.UnrecognizedHttpVersion },
        { "GET x HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestTarget },
        { "GET /\u00e9 HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestTarget },
        { "GET /a\u007fb HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestTarget },
        { "GET * HTTP/1.1\r\n\r\n", RequestRejectionReason.InvalidRequestTarget },
        { "GET / HTTP/1.1\n\n", RequestRejectionReason.InvalidLineEnding },
        { "GET / HTTP/1.1\rX\r\n\r\n", RequestRejectionReason.InvalidRequestLine },
        { "GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", RequestRejectionReason.InvalidLineEnding },
        { "GET / HTTP/1.1\r\nHost\r\n\r\n", RequestRejectionReason.InvalidHeaderLine },
        { "GET / HTTP/1.1\r\n:x\r\n\r\n", RequestRejectionReason.InvalidHeaderLine },
        { "GET / HTTP/1.1\r\nHost : a\r\n\r\n", RequestRejectionReason.InvalidHeaderName },
        { "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", RequestRejectionReason.InvalidHeaderName },
        { "GET / HTTP/1.1\r\nHo st: a\r\n\r\n", RequestRejectionReason.InvalidHeaderName },
        { "GET / HTTP/1.1\r\nHo\0st: a\r\n\r\n", RequestRejectionReason.InvalidHeaderName },
        { "GET / HTTP/1.1\r\nHo[st: a\r\n\r\n", RequestRejectionReason.InvalidHeaderName },
        { "GET / HTTP/1.1\r\nHost: a\0\r\n\r\n", RequestRejectionReason.InvalidHeaderValue },
        { "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", RequestRejectionReason.InvalidHeaderValue },
        { "GET / HTTP/1.1\r\nHost: a\u0001\r\n\r\n", RequestRejectionReason.InvalidHeaderValue },
        { "GET / HTTP/1.1\r\nHost: a\u007f\r\n\r\n", RequestRejectionReason.InvalidHeaderValue },
        { "GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", RequestRejectionReason.ObsoleteLineFolding },
        { "GET / HTTP/1.1\r\nHost: a\r\n\tb\r\n\r\n", RequestRejectionReason.ObsoleteLineFolding },
        { "GET / HTTP/1.1\r\n Host: a\r\n\r\n", RequestRejectionReason.ObsoleteLineFolding },
    };

    [Theory]
    [MemberData(nameof(InvalidHeads))]
    public void InvalidHeadsAreRejectedWithTheirReason(string head, RequestRejectionReason reason)
    {
        var result = Parse(head, out _);
        Assert.Equal(HttpParseStatus.Error, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void BadRequestLineIsRejectedBeforeTheHeadEnds()
    {
        Assert.Equal(RequestRejectionReason.InvalidRequestLine, Parse("garbage\r\nHost: x", out _).Reason);
        Assert.Equal(RequestRejectionReason.ObsoleteLineFolding, Parse("GET / HTTP/1.1\r\n folded\r\nHost", out _).Reason);
    }

    [Fact]
    public void HeadOverTheLimitIsTooLarge()
    {
        var head = "GET / HTTP/1.1\r\nX: " + new string('a', 100) + "\r\n\r\n";
        Assert.Equal(RequestRejectionReason.HeadersTooLarge, Parse(head, out _, max: 50).Reason);
        Assert.Equal(HttpParseStatus.Complete, Parse(head, out _, max: head.Length).Status);
        Assert.Equal(RequestRejectionReason.HeadersTooLarge, Parse(head[..60], out _, max: 50).Reason);
    }

    /// <summary>Feeds <paramref name="text"/> one byte more per call, as a trickling client would, resuming each scan.</summary>
    private static (HttpParseResult Result, List<string> Events, List<int> Scanned) Trickle(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var recorder = new Recorder { Events = new List<string>() };
        var marks = new List<int>();
        int scanned = 0;
        for (int n = 1; n <= bytes.Length; n++)
        {
            var result = HttpParser.ParseRequestHead(bytes.AsSpan(0, n), ref recorder, 65536, ref scanned);
            marks.Add(scanned);
            if (result.Status != HttpParseStatus.Incomplete) return (result, recorder.Events, marks);
        }
        return (HttpParseResult.Incomplete, recorder.Events, marks);
    }

    [Fact]
    public void ATrickledHeadParsesAsOneWholeHead()
    {
        var (result, events, _) = Trickle(Valid + "hello");
        Assert.Equal(HttpParseResult.Complete(Valid.Length), result);
        Assert.Equal(["POST /a/b?c=d HTTP/1.1", "Host=example.com", "Content-Length=5", "X-Empty=", "X-Pad=v a l"], events);
    }

    [Theory]
    [MemberData(nameof(InvalidHeads))]
    public void AResumedScanAnswersAsAFreshScanOfTheSameBytes(string head, RequestRejectionReason reason)
    {
        var bytes = Encoding.Latin1.GetBytes(head);
        var recorder = new Recorder { Events = new List<string>() };
        int scanned = 0;
        var last = HttpParseResult.Incomplete;
        for (int n = 1; n <= bytes.Length && last.Status == HttpParseStatus.Incomplete; n++)
        {
            last = HttpParser.ParseRequestHead(bytes.AsSpan(0, n), ref recorder, 65536, ref scanned);
            Assert.Equal(Parse(head[..n], out _), last);
        }
        Assert.Equal(HttpParseStatus.Error, last.Status);
        Assert.Equal(reason, Parse(head, out _).Reason);
    }

    [Fact]
    public void AnIncompleteHeadResumesAfterTheLinesAlreadyChecked()
    {
        const string head = "\r\nGET / HTTP/1.1\r\nHost: a\r\nX-Long: bbbbbbbb";
        var (result, _, marks) = Trickle(head);
        Assert.Equal(HttpParseStatus.Incomplete, result.Status);
        // The mark moves only at line ends: past the skipped empty line and request line, then past the Host line.
        Assert.Equal(head.IndexOf("Host", StringComparison.Ordinal), marks[head.IndexOf("Host", StringComparison.Ordinal) - 1]);
        Assert.Equal(head.IndexOf("X-Long", StringComparison.Ordinal), marks[^1]);

        // What was checked is not read again: a call that resumes past a (now) broken line does not see it, while a
        // fresh scan of the same bytes does.
        var broken = Encoding.Latin1.GetBytes(head.Replace("Host: a", "Host\0 a", StringComparison.Ordinal));
        var recorder = new Recorder { Events = new List<string>() };
        int scanned = marks[^1];
        Assert.Equal(HttpParseStatus.Incomplete, HttpParser.ParseRequestHead(broken, ref recorder, 65536, ref scanned).Status);
        Assert.Equal(RequestRejectionReason.InvalidHeaderName, HttpParser.ParseRequestHead(broken, ref recorder, 65536).Reason);
    }

    [Fact]
    public void KnownNamesAndMethodsAreCachedStrings()
    {
        Assert.Same("GET", KnownStrings.Method("GET"u8));
        Assert.Same("Content-Length", KnownStrings.HeaderName("content-length"u8));
        Assert.Same("Host", KnownStrings.HeaderName("HOST"u8));
        Assert.Equal("X-Custom", KnownStrings.HeaderName("X-Custom"u8));
        Assert.Equal("get", KnownStrings.Method("get"u8));
    }

    [Fact]
    public void RejectionReasonsMapToStatuses()
    {
        Assert.Equal(400, RequestRejection.StatusCode(RequestRejectionReason.InvalidRequestLine));
        Assert.Equal(431, RequestRejection.StatusCode(RequestRejectionReason.HeadersTooLarge));
        Assert.Equal(413, RequestRejection.StatusCode(RequestRejectionReason.BodyTooLarge));
        Assert.Equal(505, RequestRejection.StatusCode(RequestRejectionReason.UnrecognizedHttpVersion));
        Assert.Equal(501, RequestRejection.StatusCode(RequestRejectionReason.UnsupportedTransferEncoding));
        foreach (var reason in Enum.GetValues<RequestRejectionReason>()) Assert.False(string.IsNullOrEmpty(RequestRejection.Message(reason)));
    }
}

public sealed class ChunkedBodyDecoderTests
{
    private static (string Body, ChunkedDecodeStatus Status, RequestRejectionReason Error) Decode(params string[] pieces)
    {
        var decoder = new ChunkedBodyDecoder();
        var body = new StringBuilder();
        var pending = new List<byte>();
        foreach (var piece in pieces)
        {
            pending.AddRange(Encoding.Latin1.GetBytes(piece));
            while (true)
            {
                var input = pending.ToArray();
                var status = decoder.Decode(input, out int consumed, out int start);
                if (status == ChunkedDecodeStatus.Error) return (body.ToString(), status, decoder.Error);
                if (status == ChunkedDecodeStatus.Data) body.Append(Encoding.Latin1.GetString(input, start, consumed - start));
                pending.RemoveRange(0, consumed);
                if (status == ChunkedDecodeStatus.Done) return (body.ToString(), status, RequestRejectionReason.None);
                if (status == ChunkedDecodeStatus.NeedMore || pending.Count == 0) break;
            }
        }
        return (body.ToString(), ChunkedDecodeStatus.NeedMore, RequestRejectionReason.None);
    }

    private const string Body = "4;name=value;x\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\nX: y\r\n\r\n";

    [Fact]
    public void DecodesWithExtensionsAndTrailers()
    {
        var (body, status, _) = Decode(Body);
        Assert.Equal(ChunkedDecodeStatus.Done, status);
        Assert.Equal("Wikipedia in\r\n\r\nchunks.", body);
    }

    [Fact]
    public void DecodesTheSameSplitAtEveryByte()
    {
        for (int split = 0; split <= Body.Length; split++)
        {
            var (body, status, _) = Decode(Body[..split], Body[split..]);
            Assert.Equal(ChunkedDecodeStatus.Done, status);
            Assert.Equal("Wikipedia in\r\n\r\nchunks.", body);
        }
        var (oneByOne, s1, _) = Decode(Body.Select(c => c.ToString()).ToArray());
        Assert.Equal(ChunkedDecodeStatus.Done, s1);
        Assert.Equal("Wikipedia in\r\n\r\nchunks.", oneByOne);
    }

    [Fact]
    public void EveryProperPrefixNeedsMore()
    {
        for (int i = 0; i < Body.Length; i++) Assert.Equal(ChunkedDecodeStatus.NeedMore, Decode(Body[..i]).Status);
    }

    [Theory]
    [InlineData("x\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("-1\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1 x\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1 \r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1\t\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1 x;a\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1 \t ;a\r\n", RequestRejectionReason.None)]
    [InlineData("1; a = b\r\n", RequestRejectionReason.None)]
    [InlineData("1;a\nb\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("1000000000000000\r\n", RequestRejectionReason.InvalidChunkSize)]
    [InlineData("3\r\nabcX", RequestRejectionReason.InvalidChunkTerminator)]
    [InlineData("3\r\nabc\rX", RequestRejectionReason.InvalidChunkTerminator)]
    [InlineData("0\r\n\n", RequestRejectionReason.InvalidChunkTerminator)]
    [InlineData("0\r\nX: y\n", RequestRejectionReason.InvalidChunkTerminator)]
    [InlineData("0\r\n folded\r\n\r\n", RequestRejectionReason.InvalidChunkTerminator)]
    [InlineData("0\r\n\rX", RequestRejectionReason.InvalidChunkTerminator)]
    public void InvalidFramingIsAnError(string input, RequestRejectionReason reason)
    {
        var (_, status, error) = Decode(input);
        if (reason == RequestRejectionReason.None)
        {
            Assert.Equal(ChunkedDecodeStatus.NeedMore, status);
            return;
        }
        Assert.Equal(ChunkedDecodeStatus.Error, status);
        Assert.Equal(reason, error);
    }
}
