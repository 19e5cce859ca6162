using BenchmarkDotNet.Attributes;

namespace Squall.Benchmarks;

/// <summary>Scheduling a timer and cancelling it (a request timeout that did not fire), per pair.</summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Count = 10_000;

    private IOLoop _loop = null!;
    private readonly Action _noop = () => { };

    [GlobalSetup]
    public void Setup() => _loop = new IOLoop(new IOLoopOptions { SlowCallbackThreshold = null });

    [GlobalCleanup]
    public void Cleanup() => _loop.Dispose();

    [Benchmark(OperationsPerInvoke = Count, Description = "CallLater + RemoveTimeout")]
    public void ScheduleAndCancel()
    {
        var delay = TimeSpan.FromSeconds(30);
        for (int i = 0; i < Count; i++)
        {
            var handle = _loop.CallLater(delay, _noop);
            _loop.RemoveTimeout(handle);
        }
    }
}
