namespace Squall.Loop;

/// <summary>
/// A binary min-heap of timers by (deadline, sequence). Cancellation is lazy: a cancelled timer stays in the
/// heap until it reaches the top, unless cancelled timers outnumber live ones, when the heap is compacted
/// (Tornado's rule: more than 512 and more than half).
/// </summary>
internal sealed class TimerHeap
{
    private TimeoutHandle[] _items = new TimeoutHandle[16];
    private int _count;
    private int _cancelled;

    public int Count => _count - _cancelled;

    public void Push(TimeoutHandle timer)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _count * 2);
        _items[_count] = timer;
        SiftUp(_count++);
    }

    public void Cancel(TimeoutHandle timer)
    {
        if (timer.IsCancelled) return;
        timer.Cancel();
        _cancelled++;
        if (_cancelled > 512 && _cancelled > _count / 2) Compact();
    }

    /// <summary>The earliest live deadline, or null when there is none.</summary>
    public long? PeekDeadline()
    {
        DropCancelledTop();
        return _count == 0 ? null : _items[0].Deadline;
    }

    /// <summary>Pops the earliest live timer if it is due at <paramref name="now"/>.</summary>
    public bool TryPopDue(long now, out TimeoutHandle timer)
    {
        DropCancelledTop();
        if (_count > 0 && _items[0].Deadline <= now)
        {
            timer = PopTop();
            return true;
        }
        timer = null!;
        return false;
    }

    private void DropCancelledTop()
    {
        while (_count > 0 && _items[0].IsCancelled)
        {
            PopTop();
            _cancelled--;
        }
    }

    private TimeoutHandle PopTop()
    {
        var top = _items[0];
        _count--;
        if (_count > 0)
        {
            _items[0] = _items[_count];
            SiftDown(0);
        }
        _items[_count] = null!;
        return top;
    }

    private void Compact()
    {
        int j = 0;
        for (int i = 0; i < _count; i++)
        {
            if (!_items[i].IsCancelled) _items[j++] = _items[i];
        }
        Array.Clear(_items, j, _count - j);
        _count = j;
        _cancelled = 0;
        for (int i = _count / 2 - 1; i >= 0; i--) SiftDown(i);
    }

    private static bool Less(TimeoutHandle a, TimeoutHandle b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);

    private void SiftUp(int i)
    {
        var item = _items[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(item, _items[parent])) break;
            _items[i] = _items[parent];
            i = parent;
        }
        _items[i] = item;
    }

    private void SiftDown(int i)
    {
        var item = _items[i];
        int half = _count >> 1;
        while (i < half)
        {
            int child = 2 * i + 1;
            if (child + 1 < _count && Less(_items[child + 1], _items[child])) child++;
            if (!Less(_items[child], item)) break;
            _items[i] = _items[child];
            i = child;
        }
        _items[i] = item;
    }
}
