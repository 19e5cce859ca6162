using BenchmarkDotNet.Attributes;

namespace Squall.Benchmarks;

/// <summary>
/// The cost of one await that suspends: a coroutine yielding to the loop with <see cref="Gen.Moment"/> against an
/// <c>async Task</c> yielding to the thread pool with <see cref="Task.Yield"/>; and an await of a future that is
/// already done (it must allocate nothing). Figures are per await.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AwaitBenchmarks
{
    private const int Awaits = 1_000;

    private IOLoop _loop = null!;
    private Func<Future<int>> _momentLoop = null!;
    private readonly Future<int> _doneWithResult = Future.FromResult(7);

    [GlobalSetup]
    public void Setup()
    {
        _loop = new IOLoop(new IOLoopOptions { SlowCallbackThreshold = null });
        _momentLoop = MomentLoop;
    }

    [GlobalCleanup]
    public void Cleanup() => _loop.Dispose();

    private static async Future<int> MomentLoop()
    {
        int n = 0;
        for (int i = 0; i < Awaits; i++)
        {
            await Gen.Moment;
            n++;
        }
        return n;
    }

    private static async Task<int> TaskYieldLoop()
    {
        int n = 0;
        for (int i = 0; i < Awaits; i++)
        {
            await Task.Yield();
            n++;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Awaits, Description = "async Future: await Gen.Moment"), BenchmarkCategory("suspending await")]
    public int FutureMoment() => _loop.RunSync(_momentLoop);

    [Benchmark(OperationsPerInvoke = Awaits, Baseline = true, Description = "async Task: await Task.Yield()"), BenchmarkCategory("suspending await")]
    public int TaskYield() => TaskYieldLoop().GetAwaiter().GetResult();

    private async Future<int> AwaitDoneFutures()
    {
        int n = 0;
        for (int i = 0; i < Awaits; i++)
        {
            await Future.Completed;
            n += await _doneWithResult;
        }
        return n;
    }

    private async Task<int> AwaitDoneTasks()
    {
        int n = 0;
        for (int i = 0; i < Awaits; i++)
        {
            await Task.CompletedTask;
            n += await s_doneTask;
        }
        return n;
    }

    private static readonly Task<int> s_doneTask = Task.FromResult(7);

    [Benchmark(OperationsPerInvoke = Awaits, Description = "async Future: await a done Future (0 B)"), BenchmarkCategory("await of a done future")]
    public int AwaitCompletedFuture() => AwaitDoneFutures().Result;

    [Benchmark(OperationsPerInvoke = Awaits, Baseline = true, Description = "async Task: await a done Task"), BenchmarkCategory("await of a done future")]
    public int AwaitCompletedTask() => AwaitDoneTasks().Result;
}
