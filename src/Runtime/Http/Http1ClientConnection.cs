using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Squall.IO;

namespace Squall.Http;

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
    public static async Future<ClientExchangeResult> ExchangeAsync(IOStream stream, HttpRequest request, Uri uri, Action onFirstByte)
    {
        await stream.Write(BuildHead(request, uri));
        if (request.Body is { Length: > 0 } body) await stream.Write(body);

        while (true)
        {
            byte[] head = await stream.ReadUntil("\r\n\r\n"u8, MaxHeadSize);
            onFirstByte();
            var (code, reason, headers, http10) = ParseHead(head, request.HeaderCallback);
            if (code is >= 100 and < 200 && code != 101) continue; // interim responses (100 Continue) are skipped
            bool keepAlive = !http10 && !HasToken(headers, "Connection", "close");
            if (http10 && HasToken(headers, "Connection", "keep-alive")) keepAlive = true;

            byte[] bodyBytes = [];
            bool noBody = request.Method == "HEAD" || code == 204 || code == 304 || code < 200;
            if (!noBody)
            {
                var sink = new BodySink(request.StreamingCallback, request.MaxBodySize);
                if (headers["Transfer-Encoding"] is { } te)
                {
                    if (!te.Trim().EndsWith("chunked", StringComparison.OrdinalIgnoreCase)) throw new HttpClientError(599, "Unsupported response Transfer-Encoding " + te);
                    await ReadChunkedAsync(stream, sink);
                }
                else if (headers["Content-Length"] is { } cl)
                {
                    if (!long.TryParse(cl.Split(',')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                        throw new HttpClientError(599, "Invalid response Content-Length " + cl);
                    await ReadLengthAsync(stream, sink, length);
                }
                else
                {
                    keepAlive = false;
                    await ReadUntilCloseAsync(stream, sink);
                }
                bodyBytes = sink.ToArray();
                if (request.DecompressResponse && request.StreamingCallback is null && headers["Content-Encoding"] is { } encoding)
                {
                    bodyBytes = Decompress(bodyBytes, encoding, headers);
                }
            }
            return new ClientExchangeResult(code, reason, headers, bodyBytes, keepAlive);
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

    internal static (int Code, string Reason, HttpHeaders Headers, bool Http10) ParseHead(byte[] head, Action<string>? headerCallback)
    {
        var text = Encoding.Latin1.GetString(head, 0, head.Length - 4);
        var lines = text.Split("\r\n");
        var status = lines[0];
        headerCallback?.Invoke(status + "\r\n");
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]
        var parts = status.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
            throw new HttpClientError(599, "Malformed response status line: " + status);
        var headers = new HttpHeaders();
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new HttpClientError(599, "Malformed response header line: " + line);
            headers.Add(line[..colon], line[(colon + 1)..].Trim());
            headerCallback?.Invoke(line + "\r\n");
        }
        headerCallback?.Invoke("\r\n");
        return (code, parts.Length > 2 ? parts[2] : "", headers, parts[0] == "HTTP/1.0");
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

    private static byte[] Decompress(byte[] body, string encoding, HttpHeaders headers)
    {
        var coding = encoding.Trim().ToLowerInvariant();
        if (coding is not ("gzip" or "x-gzip" or "deflate")) return body;
        try
        {
            using var input = new MemoryStream(body);
            // "deflate" in HTTP means the zlib format (RFC 9110 §8.4.1.2); some servers send raw deflate anyway.
            Stream decoder = coding == "deflate"
                ? (body.Length > 0 && (body[0] & 0x0F) == 8 ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress))
                : new GZipStream(input, CompressionMode.Decompress);
            using (decoder)
            {
                using var output = new MemoryStream();
                decoder.CopyTo(output);
                headers.Remove("Content-Encoding");
                headers.Add("X-Consumed-Content-Encoding", coding);
                return output.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            throw new HttpClientError(599, "Invalid compressed response body", inner: e);
        }
    }

    /// <summary>Collects body bytes, or hands them to a streaming callback and keeps nothing.</summary>
    private sealed class BodySink(Action<ReadOnlyMemory<byte>>? streaming, long max)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void Add(ReadOnlyMemory<byte> data)
        {
            if (streaming is not null)
            {
                streaming(data);
                return;
            }
            if (_buffer.WrittenCount + (long)data.Length > max) throw new HttpClientError(599, $"Response body larger than MaxBodySize ({max} bytes)");
            _buffer.Write(data.Span);
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }
}
