using System.Diagnostics;

namespace Squall;

/// <summary>
/// Calls a function every <c>period</c> on the loop (Tornado's <c>PeriodicCallback</c>). When a run takes longer
/// than the period, the missed runs are skipped rather than fired in a burst. <c>jitter</c> (0..1) spreads each
/// period by up to ±jitter/2 so that many periodic tasks do not fire together.
/// </summary>
public sealed class PeriodicCallback
{
    private readonly Action _callback;
    private readonly long _periodTicks;
    private readonly double _jitter;
    private IOLoop? _loop;
    private TimeoutHandle? _timer;
    private long _nextDeadline;

    /// <summary>Creates a stopped periodic callback.</summary>
    public PeriodicCallback(Action callback, TimeSpan period, double jitter = 0)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), "The period must be positive.");
        if (jitter is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(jitter), "Jitter is a fraction between 0 and 1.");
        _callback = callback;
        _periodTicks = (long)(period.TotalSeconds * Stopwatch.Frequency);
        _jitter = jitter;
    }

    /// <summary>When the next call is due (<see cref="IOLoop.Timestamp"/> units); for tests of the schedule.</summary>
    internal long NextDeadline => _nextDeadline;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Starts calling on the current loop; the first call is one period from now.</summary>
    public void Start()
    {
        if (IsRunning) return;
        IsRunning = true;
        _loop = IOLoop.Current;
        _nextDeadline = _loop.Now();
        ScheduleNext();
    }

    /// <summary>Stops; a call already running finishes.</summary>
    public void Stop()
    {
        IsRunning = false;
        if (_timer is not null) _loop?.RemoveTimeout(_timer);
        _timer = null;
    }

    private void Run()
    {
        if (!IsRunning) return;
        try
        {
            _callback();
        }
        finally
        {
            if (IsRunning) ScheduleNext();
        }
    }

    private void ScheduleNext()
    {
        long now = _loop!.Now();
        if (_nextDeadline <= now)
        {
            // Skip every period that has already passed, then take the next one (no burst of catch-up calls).
            long missed = (now - _nextDeadline) / _periodTicks + 1;
            _nextDeadline += missed * JitteredPeriod();
            if (_nextDeadline <= now) _nextDeadline = now + JitteredPeriod();
        }
        _timer = _loop.CallAt(_nextDeadline, Run);
    }

    private long JitteredPeriod() =>
        _jitter == 0 ? _periodTicks : (long)(_periodTicks * (1 + _jitter * (Random.Shared.NextDouble() - 0.5)));
}
