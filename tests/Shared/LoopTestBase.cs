namespace Squall.TestSupport;

/// <summary>
/// Every loop test runs once per poller backend: the concrete classes at the bottom of each test file pick it.
/// Each test gets a fresh loop and runs its body with <see cref="IOLoop.RunSync{T}"/> under a timeout.
/// </summary>
public abstract class LoopTestBase : IDisposable
{
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    protected LoopTestBase(PollerKind poller, TimeSpan? slowCallbackThreshold = null)
    {
        Log = new ListLogger();
        Loop = new IOLoop(new IOLoopOptions { Poller = poller, Logger = Log, SlowCallbackThreshold = slowCallbackThreshold });
        Loop.MakeCurrent();
    }

    protected IOLoop Loop { get; }

    protected ListLogger Log { get; }

    protected void Run(Func<Future> body) => Loop.RunSync(body, TestTimeout);

    protected T Run<T>(Func<Future<T>> body) => Loop.RunSync(body, TestTimeout);

    protected virtual void OnDispose() { }

    public void Dispose()
    {
        OnDispose();
        Loop.Dispose();
        GC.SuppressFinalize(this);
    }
}
