using System.Net.Sockets;

namespace Squall.IO;

// The fd primitives under the stream's buffering (Tornado's BaseIOStream/IOStream split): a plain stream receives and
// sends on its socket; SslIOStream overrides them to decrypt and encrypt through TLS. Everything above them (reads,
// the write queue, futures, interest) is shared.
public partial class IOStream
{
    /// <summary>Receives into <paramref name="buffer"/>: bytes received, 0 at the end of the stream, or 0 with
    /// <see cref="SocketError.WouldBlock"/> when nothing is available now.</summary>
    private protected virtual int ReceiveCore(Memory<byte> buffer, out SocketError error) =>
        Interop.SocketCalls.Receive(_fd, buffer.Span, out error);

    /// <summary>Sends from <paramref name="data"/>: the bytes taken. A transport may take bytes and still report
    /// <see cref="SocketError.WouldBlock"/>; it then counts them in <see cref="TransportBacklog"/> until they leave.</summary>
    private protected virtual int SendCore(ReadOnlyMemory<byte> data, out SocketError error) =>
        Interop.SocketCalls.Send(_fd, data.Span, out error);

    /// <summary>Sends from the head of <paramref name="queue"/> (and consumes what it took), as <see cref="SendCore"/>.</summary>
    private protected virtual int SendQueuedCore(WriteQueue queue, out SocketError error) => queue.Send(_fd, out error);

    /// <summary>Sends what the transport holds of its own (TLS records); <see cref="SocketError.WouldBlock"/> while some remain.</summary>
    private protected virtual SocketError FlushTransport() => SocketError.Success;

    /// <summary>Bytes taken by <see cref="SendCore"/>/<see cref="SendQueuedCore"/> that have not reached the kernel yet.</summary>
    private protected virtual long TransportBacklog => 0;

    /// <summary>Readiness the transport needs on its own account (a handshake, queued records).</summary>
    private protected virtual IOEvents TransportInterest => IOEvents.None;

    /// <summary>True when the transport may hold received bytes that the kernel will not report as readable again.</summary>
    private protected virtual bool TransportHasBufferedInput => false;

    /// <summary>Sees every readiness report first; false when the transport consumed it (the stream does nothing more).</summary>
    private protected virtual bool OnTransportEvents(IOEvents events) => true;

    /// <summary>Runs as <see cref="Close"/> begins, before the socket is closed.</summary>
    private protected virtual void OnClosing() { }

    /// <summary>
    /// Takes the socket off this stream so another stream can own it: unregisters it from the loop and marks this
    /// stream closed without closing the socket. Fails when bytes are buffered either way or a read or write is pending.
    /// </summary>
    private protected Socket Detach(string operation)
    {
        if (_closed) throw ClosedException();
        if (_readKind != ReadKind.None) throw new InvalidOperationException($"{operation}: a read is pending on the stream.");
        if (_read.Length > 0) throw new InvalidOperationException($"{operation}: the stream has unread bytes buffered.");
        if (Writing) throw new InvalidOperationException($"{operation}: the stream has bytes waiting to be sent.");
        var socket = Socket; // an accepted stream's descriptor passes to a Socket now, which the next owner takes
        _closed = true;
        _loop.RemoveHandler(_fd);
        _registered = IOEvents.None;
        _read.Release();
        _write?.Release();
        _closeCallback = null;
        return socket;
    }
}
