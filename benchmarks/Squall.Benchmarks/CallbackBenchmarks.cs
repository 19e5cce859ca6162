using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace Squall.Benchmarks;

/// <summary>
/// Callbacks per second through <see cref="IOLoop.AddCallback(Action)"/>, queued on the loop thread and from another
/// thread, against the usual .NET alternative: a <see cref="Channel{T}"/> of actions drained by one thread.
/// Each invocation runs <see cref="Count"/> callbacks; the figures are per callback.
/// </summary>
[MemoryDiagnoser]
public class CallbackBenchmarks
{
    private const int Count = 100_000;

    private IOLoop _loop = null!;
    private Action _increment = null!;
    private Action _stop = null!;
    private Action _enqueueAllOnLoop = null!;
    private int _counter;

    [GlobalSetup]
    public void Setup()
    {
        _loop = new IOLoop(new IOLoopOptions { SlowCallbackThreshold = null });
        _increment = () => _counter++;
        _stop = _loop.Stop;
        _enqueueAllOnLoop = () =>
        {
            for (int i = 0; i < Count; i++) _loop.AddCallback(_increment);
            _loop.AddCallback(_stop);
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _loop.Dispose();

    [Benchmark(OperationsPerInvoke = Count, Description = "AddCallback from the loop thread")]
    public int AddCallbackOnLoopThread()
    {
        _counter = 0;
        _loop.AddCallback(_enqueueAllOnLoop);
        _loop.Start();
        return _counter;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "AddCallback from another thread")]
    public int AddCallbackFromAnotherThread()
    {
        _counter = 0;
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < Count; i++) _loop.AddCallback(_increment);
            _loop.AddCallback(_stop);
        });
        _loop.Start();
        producer.Wait();
        return _counter;
    }

    [Benchmark(OperationsPerInvoke = Count, Baseline = true, Description = "Channel<Action> from another thread, one reader")]
    public int ChannelOfActions()
    {
        _counter = 0;
        var channel = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < Count; i++) channel.Writer.TryWrite(_increment);
            channel.Writer.Complete();
        });
        var reader = channel.Reader;
        while (true)
        {
            while (reader.TryRead(out var action)) action();
            var more = reader.WaitToReadAsync();
            if (!(more.IsCompleted ? more.Result : more.AsTask().GetAwaiter().GetResult())) break;
        }
        producer.Wait();
        return _counter;
    }
}
