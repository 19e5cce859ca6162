namespace Squall;

/// <summary>A scheduled timer, returned by <see cref="IOLoop.CallLater"/> and <see cref="IOLoop.CallAt"/>; pass it to <see cref="IOLoop.RemoveTimeout"/>.</summary>
public sealed class TimeoutHandle
{
    internal TimeoutHandle(long deadline, long sequence, Action callback)
    {
        Deadline = deadline;
        Sequence = sequence;
        Callback = callback;
    }

    /// <summary>When the timer fires, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long Deadline { get; }

    /// <summary>Breaks ties between equal deadlines so timers fire in the order they were scheduled.</summary>
    internal long Sequence { get; }

    internal Action? Callback { get; private set; }

    /// <summary>True once the timer was removed; it will not fire.</summary>
    public bool IsCancelled => Callback is null;

    internal void Cancel() => Callback = null;
}
