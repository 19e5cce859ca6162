using System.Buffers;
using System.Text;
using Squall.IO;

namespace Squall.Http;

/// <summary>How far one exchange got, for the caller's decision to retry it after the connection failed.</summary>
internal sealed class ExchangeProgress
{
    /// <summary>Bytes of the request may have reached the server.</summary>
    public bool RequestWritten;

    /// <summary>A response head arrived.</summary>
    public bool ResponseStarted;
}

/// <summary>What one exchange on a client connection produced.</summary>
internal sealed record ClientExchangeResult(int Code, string Reason, HttpHeaders Headers, byte[] Body, bool KeepAlive);

/// <summary>
/// Writes one request on an open stream and reads its response (Tornado's <c>_HTTP1Connection</c> in client mode):
/// status line and headers, then the body by chunked framing, Content-Length, or until close (RFC 9112 §6.3).
/// </summary>
internal static class Http1ClientConnection
{
    private const int MaxHeadSize = 64 * 1024;

    /// <summary>Sends <paramref name="request"/> (for <paramref name="uri"/>) and reads the response.</summary>
    public static async Future<ClientExchangeResult> ExchangeAsync(IOStream stream, HttpRequest request, Uri uri, ExchangeProgress progress)
    {
        var head = BuildHead(request, uri);
        // A write on a closed stream fails before sending anything; on an open one, bytes may reach the server.
        progress.RequestWritten = !stream.Closed;
        await stream.Write(head);
        if (request.Body is { Length: > 0 } body) await stream.Write(body);

        while (true)
        {
            byte[] responseHead = await stream.ReadUntil("\r\n\r\n"u8, MaxHeadSize);
            progress.ResponseStarted = true;
            var parsed = ResponseHead.Parse(responseHead, request.HeaderCallback);
            int code = parsed.Code;
            var headers = parsed.Headers;
            if (code is >= 100 and < 200 && code != 101) continue; // interim responses (100 Continue) are skipped
            bool keepAlive = !parsed.Http10 && !HasToken(headers, "Connection", "close");
            if (parsed.Http10 && HasToken(headers, "Connection", "keep-alive")) keepAlive = true;

            byte[] bodyBytes = [];
            bool noBody = request.Method == "HEAD" || code == 204 || code == 304 || code < 200;
            if (!noBody)
            {
                // The body is inflated as it arrives, so MaxBodySize bounds the decompressed size before it exists.
                using var decompressor = request.DecompressResponse && request.StreamingCallback is null && headers["Content-Encoding"] is { } encoding
                    ? StreamingDecompressor.For(encoding)
                    : null;
                var sink = new BodySink(request.StreamingCallback, request.MaxBodySize, decompressor);
                if (parsed.TransferEncoding is { } te)
                {
                    if (!te.Trim().EndsWith("chunked", StringComparison.OrdinalIgnoreCase)) throw new HttpClientError(599, "Unsupported response Transfer-Encoding " + te);
                    await ReadChunkedAsync(stream, sink);
                }
                else if (parsed.ContentLength >= 0)
                {
                    await ReadLengthAsync(stream, sink, parsed.ContentLength);
                }
                else
                {
                    keepAlive = false;
                    await ReadUntilCloseAsync(stream, sink);
                }
                bodyBytes = sink.ToArray();
                if (decompressor is not null)
                {
                    headers.Remove("Content-Encoding");
                    headers.Add("X-Consumed-Content-Encoding", decompressor.Coding);
                }
            }
            return new ClientExchangeResult(code, parsed.Reason, headers, bodyBytes, keepAlive);
        }
    }

    private static byte[] BuildHead(HttpRequest request, Uri uri)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        var user = request.Headers;
        if (!user.ContainsKey("Host")) sb.Append("Host: ").Append(uri.Authority).Append("\r\n");
        if (request.UserAgent is not null && !user.ContainsKey("User-Agent")) sb.Append("User-Agent: ").Append(request.UserAgent).Append("\r\n");
        if (request.DecompressResponse && request.StreamingCallback is null && !user.ContainsKey("Accept-Encoding")) sb.Append("Accept-Encoding: gzip, deflate\r\n");
        if (request.AuthUsername is not null && !user.ContainsKey("Authorization"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.AuthUsername + ":" + (request.AuthPassword ?? "")));
            sb.Append("Authorization: Basic ").Append(token).Append("\r\n");
        }
        bool bodyMethod = request.Method is "POST" or "PUT" or "PATCH";
        if (!user.ContainsKey("Content-Length") && (request.Body is not null || bodyMethod))
            sb.Append("Content-Length: ").Append(request.Body?.Length ?? 0).Append("\r\n");
        foreach (var (name, value) in user)
        {
            if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new ArgumentException($"Invalid request header {name}", nameof(request));
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        sb.Append("\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static bool HasToken(HttpHeaders headers, string name, string token) =>
        headers[name] is { } v && v.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));

    private static async Future ReadLengthAsync(IOStream stream, BodySink sink, long length)
    {
        while (length > 0)
        {
            if (stream.Buffered.IsEmpty) await stream.WaitForData();
            int take = (int)Math.Min(length, stream.Buffered.Length);
            sink.Add(stream.Buffered[..take]);
            stream.Consume(take);
            length -= take;
        }
    }

    private static async Future ReadChunkedAsync(IOStream stream, BodySink sink)
    {
        var decoder = new ChunkedBodyDecoder();
        while (true)
        {
            if (stream.Buffered.IsEmpty) await stream.WaitForData();
            var status = decoder.Decode(stream.Buffered.Span, out int consumed, out int start);
            if (status == ChunkedDecodeStatus.Error) throw new HttpClientError(599, "Malformed chunked response: " + RequestRejection.Message(decoder.Error));
            if (status == ChunkedDecodeStatus.Data) sink.Add(stream.Buffered[start..consumed]);
            stream.Consume(consumed);
            if (status == ChunkedDecodeStatus.Done) return;
        }
    }

    private static async Future ReadUntilCloseAsync(IOStream stream, BodySink sink)
    {
        try
        {
            while (true)
            {
                if (stream.Buffered.IsEmpty) await stream.WaitForData();
                sink.Add(stream.Buffered);
                stream.Consume(stream.Buffered.Length);
            }
        }
        catch (StreamClosedException e) when (e.InnerException is not TimeoutException)
        {
            // The close ends the body (RFC 9112 §6.3 rule 8); a close from our own timeout does not.
        }
    }

    /// <summary>
    /// Collects body bytes (inflated first when the response is compressed), or hands them to a streaming callback and
    /// keeps nothing. <c>MaxBodySize</c> bounds both what arrives and what it inflates to.
    /// </summary>
    private sealed class BodySink(Action<ReadOnlyMemory<byte>>? streaming, long max, StreamingDecompressor? decompressor)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private Action<ReadOnlyMemory<byte>>? _keep;
        private long _received;

        public void Add(ReadOnlyMemory<byte> data)
        {
            if (streaming is not null)
            {
                streaming(data);
                return;
            }
            _received += data.Length;
            if (_received > max) throw TooLarge();
            if (decompressor is null) Keep(data);
            else decompressor.Write(data.Span, _keep ??= Keep);
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Keep(ReadOnlyMemory<byte> data)
        {
            if (_buffer.WrittenCount + (long)data.Length > max) throw TooLarge();
            _buffer.Write(data.Span);
        }

        private HttpClientError TooLarge() =>
            new(599, $"Response body larger than MaxBodySize ({max} bytes{(decompressor is null ? "" : ", decompressed")})");
    }
}
