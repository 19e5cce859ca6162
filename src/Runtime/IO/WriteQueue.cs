using System.Buffers;
using System.Net.Sockets;

namespace Squall.IO;

/// <summary>
/// The bytes an <see cref="IOStream"/> has been asked to write and the kernel has not taken yet: a FIFO of
/// segments rented from <see cref="ArrayPool{T}.Shared"/>. Small writes append to the tail segment, so they
/// leave in one send; several segments leave in one gathered send. Every segment goes back to the pool as soon
/// as it has been sent, so a connection with nothing to write holds no buffer.
/// </summary>
internal sealed class WriteQueue
{
    private const int SegmentSize = 16 * 1024;
    private const int MaxSegmentSize = 1024 * 1024;
    // iovecs per gathered send: enough to drain many queued responses, few enough to stay cheap.
    private const int MaxGather = 16;

    private Segment[] _segments = new Segment[4]; // a ring; its length is a power of two, so an index wraps with a mask
    private int _head;
    private int _count;
    private List<ArraySegment<byte>>? _gather;

    private struct Segment
    {
        public byte[] Array;
        public int Start;
        public int End;
    }

    /// <summary>Bytes queued and not yet sent.</summary>
    public long Length { get; private set; }

    /// <summary>How many send calls were made (tests assert coalescing with it).</summary>
    public long SendCalls { get; private set; }

    /// <summary>A span of at least <paramref name="sizeHint"/> bytes (at least one) at the tail to fill, then <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        int need = Math.Max(sizeHint, 1);
        if (_count > 0)
        {
            ref var tail = ref Tail;
            if (tail.Array.Length - tail.End >= need) return tail.Array.AsMemory(tail.End);
        }
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(need, SegmentSize));
        Push(new Segment { Array = array, Start = 0, End = 0 });
        return array.AsMemory();
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the memory from <see cref="GetMemory"/>.</summary>
    public void Advance(int count)
    {
        if (count == 0) return;
        if (_count == 0) throw new InvalidOperationException("Advance without GetSpan/GetMemory.");
        ref var tail = ref Tail;
        if (count < 0 || tail.End + count > tail.Array.Length) throw new ArgumentOutOfRangeException(nameof(count));
        tail.End += count;
        Length += count;
    }

    /// <summary>Copies <paramref name="data"/> to the tail, adding segments as needed.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int hint = Math.Min(data.Length, MaxSegmentSize);
            Span<byte> space;
            if (_count > 0 && Tail.Array.Length - Tail.End > 0)
            {
                space = Tail.Array.AsSpan(Tail.End);
            }
            else
            {
                space = GetMemory(hint).Span;
            }
            int n = Math.Min(space.Length, data.Length);
            data[..n].CopyTo(space);
            Advance(n);
            data = data[n..];
        }
    }

    /// <summary>
    /// Hands as much as the kernel takes to <paramref name="socket"/> (non-blocking) in one send; returns the
    /// bytes sent, 0 with <see cref="SocketError.WouldBlock"/> when the kernel buffer is full.
    /// </summary>
    public int Send(Socket socket, out SocketError error)
    {
        error = SocketError.Success;
        if (Length == 0) return 0;
        SendCalls++;
        int sent;
        if (_count == 1 || Head.End - Head.Start >= SegmentSize)
        {
            // One big or only segment: a plain send, which allocates nothing.
            ref var head = ref Head;
            sent = socket.Send(head.Array.AsSpan(head.Start, head.End - head.Start), SocketFlags.None, out error);
        }
        else
        {
            var gather = _gather ??= new List<ArraySegment<byte>>(MaxGather);
            gather.Clear();
            for (int i = 0; i < _count && i < MaxGather; i++)
            {
                ref var s = ref _segments[(_head + i) & (_segments.Length - 1)];
                if (s.End > s.Start) gather.Add(new ArraySegment<byte>(s.Array, s.Start, s.End - s.Start));
            }
            sent = socket.Send(gather, SocketFlags.None, out error);
            gather.Clear();
        }
        if (error != SocketError.Success) return 0;
        Consume(sent);
        return sent;
    }

    /// <summary>
    /// <see cref="Send(Socket, out SocketError)"/> on a bare descriptor (an accepted connection that has no
    /// <see cref="Socket"/>): one send, or one <c>sendmsg</c> gathering up to <see cref="MaxGather"/> segments, with no
    /// allocation either way.
    /// </summary>
    public unsafe int Send(int fd, out SocketError error)
    {
        error = SocketError.Success;
        if (Length == 0) return 0;
        SendCalls++;
        int sent;
        if (_count == 1 || Head.End - Head.Start >= SegmentSize)
        {
            ref var head = ref Head;
            sent = Interop.SocketCalls.Send(fd, head.Array.AsSpan(head.Start, head.End - head.Start), out error);
        }
        else
        {
            var vectors = stackalloc Interop.SocketCalls.IoVector[MaxGather];
            var pins = new PinnedSegments();
            int used = 0;
            try
            {
                for (int i = 0; i < _count && used < MaxGather; i++)
                {
                    ref var s = ref _segments[(_head + i) & (_segments.Length - 1)];
                    if (s.End <= s.Start) continue;
                    var handle = System.Runtime.InteropServices.GCHandle.Alloc(s.Array, System.Runtime.InteropServices.GCHandleType.Pinned);
                    pins[used] = handle;
                    vectors[used].Base = (byte*)handle.AddrOfPinnedObject() + s.Start;
                    vectors[used].Length = (nuint)(s.End - s.Start);
                    used++;
                }
                sent = Interop.SocketCalls.SendGather(fd, vectors, used, out error);
            }
            finally
            {
                for (int i = 0; i < used; i++) pins[i].Free();
            }
        }
        if (error != SocketError.Success) return 0;
        Consume(sent);
        return sent;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxGather)]
    private struct PinnedSegments
    {
        private System.Runtime.InteropServices.GCHandle _first;
    }

    /// <summary>The bytes of the first segment (a transport that encodes takes the queue one segment at a time).</summary>
    public ReadOnlyMemory<byte> First
    {
        get
        {
            // A segment rented by GetMemory and never filled may sit ahead of the data.
            while (_count > 1 && Head.Start == Head.End) PopHead();
            if (_count == 0) return default;
            ref var head = ref Head;
            return head.Array.AsMemory(head.Start, head.End - head.Start);
        }
    }

    /// <summary>Drops <paramref name="count"/> bytes from the front; emptied segments go back to the pool.</summary>
    public void Consume(int count)
    {
        Length -= count;
        while (count > 0)
        {
            ref var head = ref Head;
            int n = Math.Min(count, head.End - head.Start);
            head.Start += n;
            count -= n;
            if (head.Start == head.End) PopHead();
        }
        // An empty tail segment is kept only while more data is coming; with nothing queued, hold nothing.
        if (Length == 0) Release();
    }

    /// <summary>Returns every segment to the pool and forgets the data.</summary>
    public void Release()
    {
        while (_count > 0) PopHead();
        Length = 0;
    }

    private ref Segment Head => ref _segments[_head];

    // A mask, not '%': an integer division per access was 1.4 % of a pipelined /plaintext in NativeAOT, which also
    // left this getter as a call (issue 16).
    private ref Segment Tail
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => ref _segments[(_head + _count - 1) & (_segments.Length - 1)];
    }

    private void Push(Segment segment)
    {
        if (_count == _segments.Length)
        {
            var bigger = new Segment[_segments.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _segments[(_head + i) & (_segments.Length - 1)];
            _segments = bigger;
            _head = 0;
        }
        _segments[(_head + _count) & (_segments.Length - 1)] = segment;
        _count++;
    }

    private void PopHead()
    {
        ref var head = ref Head;
        ArrayPool<byte>.Shared.Return(head.Array);
        head = default;
        _head = (_head + 1) & (_segments.Length - 1);
        _count--;
    }
}
