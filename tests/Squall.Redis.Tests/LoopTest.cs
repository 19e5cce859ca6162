using Squall.TestSupport;

namespace Squall.Redis.Tests;

/// <summary>A fresh loop per test; bodies run with <see cref="IOLoop.RunSync(Func{Future}, TimeSpan?)"/> under a generous timeout.</summary>
public abstract class LoopTest : IDisposable
{
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    protected LoopTest()
    {
        Log = new ListLogger();
        Loop = new IOLoop(new IOLoopOptions { Logger = Log });
        Loop.MakeCurrent();
    }

    protected IOLoop Loop { get; }

    protected ListLogger Log { get; }

    protected void Run(Func<Future> body) => Loop.RunSync(body, TestTimeout);

    public virtual void Dispose()
    {
        Loop.Dispose();
        GC.SuppressFinalize(this);
    }
}
