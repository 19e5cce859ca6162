using Microsoft.Win32.SafeHandles;

namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    /// <summary>True when a response body may come from a file through <see cref="SendFile"/> (plain TCP, not TLS).</summary>
    internal bool CanSendFile => _stream.CanSendFile && !_finished;

    /// <summary>
    /// Sends the head (if not sent yet), what was written so far, then <paramref name="count"/> bytes of
    /// <paramref name="file"/> from <paramref name="offset"/> as body bytes, with <c>sendfile(2)</c>. The future
    /// completes when they reached the kernel (the handle must stay open until then; write nothing meanwhile). Null
    /// when the response cannot carry a file this way (it is chunked: the head declared no <c>Content-Length</c>) —
    /// the caller then writes the bytes itself.
    /// </summary>
    internal Future? SendFile(SafeFileHandle file, long offset, long count)
    {
        if (_finished) throw new InvalidOperationException("SendFile after Finish.");
        if (_stream.Closed) return Future.FromException(new Squall.IO.StreamClosedException(_stream.Error));
        if (!_headersWritten) WriteHeaders(200);
        if (!_headersSent) SendHead(finishing: false);
        if (_chunked) return null;
        SendPendingBody();
        if (_noBody)
        {
            _bodyBytesSent += count; // HEAD: counted, never sent
            return Flush();
        }
        _bodyBytesSent += count;
        _server.FileBytesSent += count;
        var sent = _stream.SendFile(file, offset, count);
        WatchWrite(sent);
        return sent;
    }
}
