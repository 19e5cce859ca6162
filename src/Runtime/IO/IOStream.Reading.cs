using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Squall.IO;

public partial class IOStream
{
    private enum ReadKind : byte { None, Until, Regex, Bytes, Into, UntilClose, Wait }

    private ReadKind _readKind;
    private Future<byte[]>? _readFuture;
    private Future<int>? _readIntoFuture;
    private byte[]? _delimiter;
    private Regex? _regex;
    private int _scanFrom;
    private int _readLimit; // maxBytes of a delimiter read, the count of ReadBytes
    private bool _partial;
    private Memory<byte> _into;
    private int _intoFilled;
    private int _waitThreshold;
    private bool _waitCompleted;
    private Action? _waitContinuation;
    // Set by the first read: from then on, read interest stays on while the buffer is empty even between reads,
    // so a request/response connection does not pay two epoll_ctl calls per request. A readiness report with no
    // read pending receives once into the buffer and then interest drops until that data is consumed.
    private bool _keepReadInterest;

    // How far a satisfied read keeps receiving while the kernel still has data.
    private const int ReadAheadLimit = 256 * 1024;

    private bool ReadPending => _readKind != ReadKind.None && !(_readKind == ReadKind.Wait && _waitCompleted);

    // Set when a readiness report found bytes buffered and no read pending: interest drops until they are
    // consumed or a read starts (backpressure). Dropping lazily, on that report, rather than whenever a read
    // completes with bytes left, saves two epoll_ctl calls per message when the consumer empties the buffer at once.
    private bool _readPaused;

    private bool WantsRead => ReadPending || (!_readPaused && (_keepReadInterest || _closeCallback is not null));

    /// <summary>
    /// Reads up to and including the first <paramref name="delimiter"/> (Tornado's <c>read_until</c>). When the
    /// delimiter is not within <paramref name="maxBytes"/> bytes the read fails with
    /// <see cref="UnsatisfiableReadException"/> and the stream closes.
    /// </summary>
    public Future<byte[]> ReadUntil(ReadOnlySpan<byte> delimiter, int maxBytes = int.MaxValue)
    {
        if (delimiter.IsEmpty) throw new ArgumentException("The delimiter is empty.", nameof(delimiter));
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var future = StartRead(ReadKind.Until);
        // Protocols read with the same delimiter over and over: keep the copy.
        if (_delimiter is null || !delimiter.SequenceEqual(_delimiter)) _delimiter = delimiter.ToArray();
        _readLimit = maxBytes;
        ContinueRead();
        return future;
    }

    /// <summary>
    /// Reads up to and including the end of the first match of <paramref name="regex"/>, which sees the bytes as
    /// Latin-1 characters (Tornado's <c>read_until_regex</c>). <paramref name="maxBytes"/> as in <see cref="ReadUntil"/>.
    /// </summary>
    public Future<byte[]> ReadUntilRegex(Regex regex, int maxBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(regex);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var future = StartRead(ReadKind.Regex);
        _regex = regex;
        _readLimit = maxBytes;
        ContinueRead();
        return future;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes; with <paramref name="partial"/>, completes as soon as any bytes
    /// (at most <paramref name="count"/>) are available (Tornado's <c>read_bytes</c>).
    /// </summary>
    public Future<byte[]> ReadBytes(int count, bool partial = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var future = StartRead(ReadKind.Bytes);
        _readLimit = count;
        _partial = partial;
        ContinueRead();
        return future;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> (or, with <paramref name="partial"/>, some of it) and completes with the number
    /// of bytes read (Tornado's <c>read_into</c>). Bytes go from the socket straight into <paramref name="buffer"/>
    /// when nothing is buffered. The caller must not touch <paramref name="buffer"/> until the read completes.
    /// </summary>
    public Future<int> ReadInto(Memory<byte> buffer, bool partial = false)
    {
        if (_readKind != ReadKind.None) throw AlreadyReading();
        _readKind = ReadKind.Into;
        _keepReadInterest = true;
        _readPaused = false;
        var future = new Future<int>();
        _readIntoFuture = future;
        _into = buffer;
        _intoFilled = 0;
        _partial = partial;
        ContinueRead();
        return future;
    }

    /// <summary>Reads everything until the peer closes, and completes with it (Tornado's <c>read_until_close</c>).</summary>
    public Future<byte[]> ReadUntilClose()
    {
        var future = StartRead(ReadKind.UntilClose);
        ContinueRead();
        return future;
    }

    /// <summary>
    /// The bytes received and not consumed: the low-level read path for protocol parsers. Valid until the next
    /// read, <see cref="Consume"/> or <see cref="Close"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Buffered => _read.Memory;

    /// <summary>Drops <paramref name="count"/> bytes from the front of <see cref="Buffered"/>; an emptied buffer goes back to the pool.</summary>
    public void Consume(int count)
    {
        if ((uint)count > (uint)_read.Length) throw new ArgumentOutOfRangeException(nameof(count), "More than is buffered.");
        if (_readKind is not (ReadKind.None or ReadKind.Wait)) throw new InvalidOperationException("Cannot consume while a read is pending.");
        _read.Consume(count);
        if (_waitThreshold > _read.Length) _waitThreshold = _read.Length;
        if (_read.Length == 0 && _readPaused)
        {
            _readPaused = false;
            UpdateInterest();
        }
    }

    /// <summary>
    /// An awaitable that completes when <see cref="Buffered"/> holds more bytes than now; it throws
    /// <see cref="StreamClosedException"/> (inner: the cause) if the stream closes first. Counts as the one pending
    /// read until awaited. Allocates nothing. The stream may have read ahead (bytes arrive while no read is pending,
    /// or beyond what a finished read needed), so parse <see cref="Buffered"/> first and wait only when it does not
    /// hold what you need: a wait completes on new bytes, never on bytes already there.
    /// </summary>
    public DataAwaitable WaitForData()
    {
        if (_readKind != ReadKind.None) throw AlreadyReading();
        _readKind = ReadKind.Wait;
        _keepReadInterest = true;
        _readPaused = false;
        _waitThreshold = _read.Length;
        _waitContinuation = null;
        _waitCompleted = _closed;
        if (!_closed && TransportHasBufferedInput) HandleReadable();
        UpdateInterest();
        return new DataAwaitable(this);
    }

    /// <summary>Called on the loop each time received bytes join <see cref="Buffered"/> (tests wait on it instead of polling).</summary>
    internal Action? Received { get; set; }

    internal bool IsWaitCompleted => _readKind != ReadKind.Wait || _waitCompleted;

    internal void SetWaitContinuation(Action continuation)
    {
        if (IsWaitCompleted) _loop.AddCallback(continuation);
        else _waitContinuation = continuation;
    }

    internal void EndWaitForData()
    {
        if (_readKind != ReadKind.Wait || !_waitCompleted) throw new InvalidOperationException("No completed WaitForData to end; await it.");
        bool gotData = _read.Length > _waitThreshold;
        _readKind = ReadKind.None;
        _waitCompleted = false;
        _waitContinuation = null;
        if (!gotData) throw ClosedException();
    }

    private static InvalidOperationException AlreadyReading() => new("Already reading");

    private Future<byte[]> StartRead(ReadKind kind)
    {
        if (_readKind != ReadKind.None) throw AlreadyReading();
        _readKind = kind;
        _keepReadInterest = true;
        _readPaused = false;
        _scanFrom = 0;
        var future = new Future<byte[]>();
        _readFuture = future;
        return future;
    }

    /// <summary>Serves a new read from the buffer if it can (no syscall), else waits for readiness.</summary>
    private void ContinueRead()
    {
        if (TrySatisfyRead()) return;
        if (_closed)
        {
            FinishReadOnClose();
            return;
        }
        if (_read.Length >= MaxBufferSize)
        {
            BufferFull();
            return;
        }
        // A transport that decodes (TLS) may hold bytes the kernel no longer reports as readable: take them now.
        if (TransportHasBufferedInput)
        {
            HandleReadable();
            if (_closed || !ReadPending) return;
        }
        UpdateInterest();
    }

    /// <summary>The socket is readable (or hung up): receive until the pending read is satisfied or the kernel is drained.</summary>
    private void HandleReadable(bool hangUp = false)
    {
        if (_readKind == ReadKind.Into && _read.Length == 0)
        {
            ReceiveIntoTarget();
            return;
        }
        bool pending = ReadPending;
        // Nobody is reading and data is waiting to be consumed: leave the rest in the kernel (backpressure).
        // After a hang-up the rest is read anyway: no more will come, and level-triggered HUP would repeat.
        if (!pending && _read.Length > 0 && !hangUp)
        {
            _readPaused = true;
            return;
        }
        // Reading with no read pending (read-ahead) stays well inside MaxBufferSize: it must never be what fails a stream.
        int aheadLimit = Math.Min(ReadAheadLimit, MaxBufferSize / 2);
        while (true)
        {
            int limit = pending || hangUp ? MaxBufferSize : aheadLimit;
            var space = _read.Length < limit ? _read.GetReceiveMemory(limit) : default;
            if (space.IsEmpty)
            {
                if (pending || hangUp) BufferFull();
                return;
            }
            int n = ReceiveCore(space, out var error);
            if (error == SocketError.WouldBlock)
            {
                if (_read.Length == 0) _read.Release();
                return;
            }
            if (error != SocketError.Success)
            {
                Close(new SocketException((int)error));
                return;
            }
            if (n == 0)
            {
                Close();
                return;
            }
            _read.Commit(n);
            Received?.Invoke();
            // A short receive means the kernel had no more; don't spend a syscall to hear EAGAIN.
            bool drained = n < space.Length;
            if (pending)
            {
                if (TrySatisfyRead())
                {
                    if (_closed) return;
                    // Satisfied, but the kernel may hold more: a bulk stream reads ahead (bounded) so the consumer
                    // gets bigger batches per loop iteration instead of one buffer's worth per readiness report.
                    pending = false;
                }
                else if (_read.Length >= MaxBufferSize)
                {
                    BufferFull();
                    return;
                }
            }
            if (drained) return;
        }
    }

    private void ReceiveIntoTarget()
    {
        while (true)
        {
            var target = _into[_intoFilled..];
            int n = ReceiveCore(target, out var error);
            if (error == SocketError.WouldBlock) return;
            if (error != SocketError.Success)
            {
                Close(new SocketException((int)error));
                return;
            }
            if (n == 0)
            {
                Close();
                return;
            }
            _intoFilled += n;
            if (TrySatisfyRead() || n < target.Length) return;
        }
    }

    /// <summary>Completes the pending read from the buffer if it can; true when the read is over (done or failed).</summary>
    private bool TrySatisfyRead()
    {
        switch (_readKind)
        {
            case ReadKind.Until:
            {
                var data = _read.Span;
                var delimiter = _delimiter!;
                int found = data[_scanFrom..].IndexOf(delimiter);
                if (found >= 0)
                {
                    int end = _scanFrom + found + delimiter.Length;
                    if (end > _readLimit) return Unsatisfiable($"delimiter not found within {_readLimit} bytes");
                    CompleteRead(_read.Take(end));
                    return true;
                }
                if (data.Length > _readLimit) return Unsatisfiable($"delimiter not found within {_readLimit} bytes");
                // The next search starts where a delimiter split across receives could begin.
                _scanFrom = Math.Max(0, data.Length - delimiter.Length + 1);
                return false;
            }
            case ReadKind.Regex:
            {
                int end = FindRegexEnd();
                if (end >= 0)
                {
                    if (end > _readLimit) return Unsatisfiable($"regex not matched within {_readLimit} bytes");
                    CompleteRead(_read.Take(end));
                    return true;
                }
                if (_read.Length > _readLimit) return Unsatisfiable($"regex not matched within {_readLimit} bytes");
                return false;
            }
            case ReadKind.Bytes:
                if (_read.Length >= _readLimit)
                {
                    CompleteRead(_read.Take(_readLimit));
                    return true;
                }
                if (_partial && _read.Length > 0)
                {
                    CompleteRead(_read.Take(_read.Length));
                    return true;
                }
                return false;
            case ReadKind.Into:
                _intoFilled += _read.CopyTo(_into.Span[_intoFilled..]);
                if (_intoFilled == _into.Length || (_partial && _intoFilled > 0))
                {
                    var future = _readIntoFuture!;
                    int filled = _intoFilled;
                    ClearRead();
                    future.TrySetResult(filled);
                    return true;
                }
                return false;
            case ReadKind.Wait:
                if (!_waitCompleted && _read.Length > _waitThreshold) CompleteWait();
                return _waitCompleted;
            default:
                return false; // None; UntilClose completes only on close
        }
    }

    private int FindRegexEnd()
    {
        var data = _read.Span;
        if (data.IsEmpty) return -1;
        var chars = ArrayPool<char>.Shared.Rent(data.Length);
        try
        {
            int n = Encoding.Latin1.GetChars(data, chars);
            foreach (var match in _regex!.EnumerateMatches(chars.AsSpan(0, n))) return match.Index + match.Length;
            return -1;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private bool Unsatisfiable(string message)
    {
        var error = new UnsatisfiableReadException(message);
        _loop.Logger.LogInformation("Unsatisfiable read, closing connection: {Message}", message);
        FailRead(error);
        Close(error);
        return true;
    }

    private void BufferFull()
    {
        var error = new StreamBufferFullException($"Reached maximum read buffer size ({MaxBufferSize} bytes)");
        _loop.Logger.LogError("{Message}; closing the stream", error.Message);
        FailRead(error);
        Close(error);
    }

    private void CompleteRead(byte[] result)
    {
        var future = _readFuture!;
        ClearRead();
        future.TrySetResult(result);
    }

    private void CompleteWait()
    {
        _waitCompleted = true;
        if (_waitContinuation is { } continuation)
        {
            _waitContinuation = null;
            if (_dispatching && _readyContinuation is null) _readyContinuation = continuation; // runs at the end of OnEvents
            else _loop.AddCallback(continuation);
        }
    }

    private void FailRead(Exception error)
    {
        switch (_readKind)
        {
            case ReadKind.None:
                return;
            case ReadKind.Wait:
                // The awaiter sees no new data and throws StreamClosedException with the cause.
                if (!_waitCompleted) CompleteWait();
                return;
            case ReadKind.Into:
            {
                var future = _readIntoFuture!;
                ClearRead();
                future.TrySetException(error);
                return;
            }
            default:
            {
                var future = _readFuture!;
                ClearRead();
                future.TrySetException(error);
                return;
            }
        }
    }

    private void ClearRead()
    {
        _readKind = ReadKind.None;
        _readFuture = null;
        _readIntoFuture = null;
        _into = default;
        _regex = null;
    }

    /// <summary>On close: ReadUntilClose gets the buffer, other reads get what the buffer satisfies or fail.</summary>
    private void FinishReadOnClose()
    {
        if (_readKind == ReadKind.None) return;
        if (_readKind == ReadKind.UntilClose)
        {
            CompleteRead(_read.Take(_read.Length));
            return;
        }
        if (TrySatisfyRead()) return;
        FailRead(ClosedException());
    }
}
