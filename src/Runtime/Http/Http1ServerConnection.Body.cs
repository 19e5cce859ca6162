using System.Buffers;
using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    private static ReadOnlySpan<byte> ContinueResponse => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    private byte[]? _requestBody;
    private int _requestBodyLength;

    /// <summary>Reads the body by Content-Length or chunked framing, into <see cref="HttpServerRequest.Body"/> or to the handler.</summary>
    private async Future<RequestRejectionReason> ReadBodyAsync(bool streamed)
    {
        // RFC 9110 §10.1.1: 100 Continue only when we are about to read a body the client has not sent yet.
        if (ExpectContinue && Request.Version == "HTTP/1.1" && _stream.Buffered.IsEmpty && !_headersSent)
        {
            var span = _stream.GetSpan(ContinueResponse.Length);
            ContinueResponse.CopyTo(span);
            _stream.Advance(ContinueResponse.Length);
            _stream.FlushPending();
        }
        _requestBodyLength = 0;
        // A gzip body for a streaming handler is collected compressed and handed over decoded at the end
        // (bounded by MaxBodySize); .NET has no push-style inflater to decode it piece by piece.
        bool decompress = GzipBody && _settings.DecompressRequest;
        bool toHandler = streamed && !decompress;
        SetDeadline(DeadlineKind.Body, _settings.BodyTimeout);
        try
        {
            if (TransferEncoding is null)
            {
                long remaining = ContentLength;
                while (remaining > 0)
                {
                    if (_stream.Buffered.IsEmpty)
                    {
                        await _stream.WaitForData();
                        continue;
                    }
                    var buffered = _stream.Buffered.Span;
                    int take = (int)Math.Min(remaining, buffered.Length);
                    Deliver(buffered[..take], toHandler);
                    _stream.Consume(take);
                    remaining -= take;
                }
            }
            else
            {
                var decoder = new ChunkedBodyDecoder();
                long total = 0;
                while (true)
                {
                    if (_stream.Buffered.IsEmpty)
                    {
                        await _stream.WaitForData();
                        continue;
                    }
                    var status = DecodeStep(ref decoder, toHandler, ref total);
                    if (status == ChunkedDecodeStatus.Done) break;
                    if (status == ChunkedDecodeStatus.Error) return _bodyTooLarge ? RequestRejectionReason.BodyTooLarge : decoder.Error;
                }
            }
        }
        finally
        {
            ClearDeadline();
        }
        if (toHandler) return RequestRejectionReason.None;
        var body = new ReadOnlyMemory<byte>(_requestBody, 0, _requestBodyLength);
        if (decompress)
        {
            var reason = Decompress(ref body);
            if (reason != RequestRejectionReason.None) return reason;
        }
        if (!streamed)
        {
            Request.Body = body;
            return RequestRejectionReason.None;
        }
        for (int at = 0; at < body.Length; at += 64 * 1024)
        {
            Deliver(body.Span.Slice(at, Math.Min(64 * 1024, body.Length - at)), streamed: true);
        }
        return RequestRejectionReason.None;
    }

    /// <summary>One decoder step over the buffered bytes (a separate method: spans cannot live across awaits).</summary>
    private ChunkedDecodeStatus DecodeStep(ref ChunkedBodyDecoder decoder, bool streamed, ref long total)
    {
        var buffered = _stream.Buffered.Span;
        var status = decoder.Decode(buffered, out int consumed, out int dataStart);
        if (status == ChunkedDecodeStatus.Data)
        {
            total += consumed - dataStart;
            if (total > _settings.MaxBodySize)
            {
                _bodyTooLarge = true;
                return ChunkedDecodeStatus.Error;
            }
            Deliver(buffered[dataStart..consumed], streamed);
        }
        if (status != ChunkedDecodeStatus.Error) _stream.Consume(consumed);
        return status;
    }

    private bool _bodyTooLarge;

    private void Deliver(ReadOnlySpan<byte> data, bool streamed)
    {
        if (streamed)
        {
            if (_finished || _stream.Closed) return; // the handler already answered: drop the rest
            try
            {
                _handler.DataReceived(Request, data);
            }
            catch (Exception e)
            {
                HandlerFailed(e);
            }
            return;
        }
        int needed = _requestBodyLength + data.Length;
        if (_requestBody is null || needed > _requestBody.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(2 * (_requestBody?.Length ?? 4096), int.MaxValue / 2)));
            if (_requestBody is not null)
            {
                _requestBody.AsSpan(0, _requestBodyLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_requestBody);
            }
            _requestBody = bigger;
        }
        data.CopyTo(_requestBody.AsSpan(_requestBodyLength));
        _requestBodyLength = needed;
    }

    private RequestRejectionReason Decompress(ref ReadOnlyMemory<byte> body)
    {
        try
        {
            using var input = new MemoryStream(body.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + n > _settings.MaxBodySize) return RequestRejectionReason.BodyTooLarge;
                output.Write(chunk, 0, n);
            }
            body = output.ToArray();
            // As Tornado: the handler sees the decoded body, and where it came from.
            Request.Headers.Remove("Content-Encoding");
            Request.Headers.Add("X-Consumed-Content-Encoding", "gzip");
            return RequestRejectionReason.None;
        }
        catch (InvalidDataException e)
        {
            _loop.Logger.LogInformation("Invalid gzip request body: {Message}", e.Message);
            return RequestRejectionReason.InvalidCompressedBody;
        }
    }

    private void ReleaseBuffers()
    {
        if (_requestBody is not null) ArrayPool<byte>.Shared.Return(_requestBody);
        _requestBody = null;
        if (_responseBody is not null) ArrayPool<byte>.Shared.Return(_responseBody);
        _responseBody = null;
    }
}
