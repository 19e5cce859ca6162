using System.Buffers;

namespace Squall.IO;

/// <summary>
/// The bytes an <see cref="IOStream"/> has received and not yet handed out: one contiguous array rented from
/// <see cref="ReadBufferPool"/> (bigger ones from <see cref="ArrayPool{T}.Shared"/>) only while it holds data or a read is filling it, so an idle connection
/// holds no buffer at all. A mutable struct kept in a field and only used through that field.
/// </summary>
internal struct ReadBuffer
{
    /// <summary>First rent: big enough for a typical request, small enough that thousands of active connections stay cheap.</summary>
    public const int InitialSize = 16 * 1024;

    // Below this much free tail space a receive is not worth a syscall: compact or grow first.
    private const int MinReceiveSpace = 2 * 1024;

    // A stream that needed a bigger buffer last time (bulk data, read-ahead) rents that size at once next time
    // instead of growing again by copying; a stream whose buffer stayed mostly empty goes back down.
    private const int MaxPreferredSize = 256 * 1024;

    private byte[]? _array;
    private int _start;
    private int _end;
    private int _preferredSize;
    private int _highWater;

    public readonly int Length => _end - _start;

    public readonly bool IsRented => _array is not null;

    public readonly ReadOnlySpan<byte> Span => _array is null ? default : _array.AsSpan(_start, _end - _start);

    public readonly ReadOnlyMemory<byte> Memory => _array is null ? default : _array.AsMemory(_start, _end - _start);

    /// <summary>
    /// Free space after the data to receive into, at most <paramref name="limit"/> − <see cref="Length"/> bytes.
    /// Rents, compacts or grows (doubling) as needed. <paramref name="limit"/> must exceed <see cref="Length"/>.
    /// </summary>
    public Memory<byte> GetReceiveMemory(int limit)
    {
        if (_array is null)
        {
            _array = _preferredSize <= InitialSize ? ReadBufferPool.Rent() : ArrayPool<byte>.Shared.Rent(_preferredSize);
            _start = _end = 0;
            _highWater = 0;
        }
        else if (_array.Length - _end < MinReceiveSpace)
        {
            int length = Length;
            if (_start > 0 && length <= _array.Length / 2)
            {
                // Sliding the unconsumed tail to the front is cheaper than a bigger array.
                Buffer.BlockCopy(_array, _start, _array, 0, length);
            }
            else
            {
                long wanted = Math.Max((long)_array.Length * 2, length + (long)MinReceiveSpace);
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, Array.MaxLength));
                Buffer.BlockCopy(_array, _start, bigger, 0, length);
                ReadBufferPool.Return(_array);
                _array = bigger;
            }
            _start = 0;
            _end = length;
        }
        int space = Math.Min(_array.Length - _end, limit - Length);
        return _array.AsMemory(_end, Math.Max(space, 0));
    }

    /// <summary>Marks <paramref name="count"/> bytes after the data as received.</summary>
    public void Commit(int count)
    {
        _end += count;
        if (_end > _highWater) _highWater = _end;
    }

    /// <summary>Drops <paramref name="count"/> bytes from the front; returns the array to the pool once empty.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) Release();
    }

    /// <summary>Copies the first <paramref name="count"/> bytes into a new array the caller owns, and consumes them.</summary>
    public byte[] Take(int count)
    {
        if (count == 0) return [];
        var result = Span[..count].ToArray();
        Consume(count);
        return result;
    }

    /// <summary>Copies as much as fits into <paramref name="destination"/>, consumes it, and returns how much.</summary>
    public int CopyTo(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, Length);
        if (n == 0) return 0;
        Span[..n].CopyTo(destination);
        Consume(n);
        return n;
    }

    /// <summary>Returns the array to the pool and forgets any data.</summary>
    public void Release()
    {
        var array = _array;
        _array = null;
        _start = _end = 0;
        if (array is null) return;
        if (_highWater >= array.Length - MinReceiveSpace) _preferredSize = Math.Min(array.Length * 2, MaxPreferredSize);
        else if (_highWater < array.Length / 4) _preferredSize = Math.Max(array.Length / 2, InitialSize);
        ReadBufferPool.Return(array);
    }
}
