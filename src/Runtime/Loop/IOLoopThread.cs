using Microsoft.Extensions.Logging;

namespace Squall;

/// <summary>
/// An <see cref="IOLoop"/> running on a thread of its own (one of the loops of a multi-loop server). Work reaches it
/// only through <see cref="IOLoop.AddCallback(Action)"/>; <see cref="Stop"/> ends the loop and the thread.
/// </summary>
public sealed class IOLoopThread : IDisposable
{
    private readonly Thread _thread;
    private Exception? _failure;

    /// <summary>Creates the loop; the thread starts with <see cref="Start"/>.</summary>
    public IOLoopThread(string name, IOLoopOptions? options = null)
    {
        Loop = new IOLoop(options);
        // A background thread: a process whose Main returns is not kept alive by its loops (as with ThreadPool work).
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>The loop this thread runs.</summary>
    public IOLoop Loop { get; }

    /// <summary>The thread's name (shown in debuggers, thread dumps and <c>/proc/PID/task/*/comm</c>).</summary>
    public string Name => _thread.Name!;

    /// <summary>An exception that escaped the loop (a broken loop invariant), or null.</summary>
    public Exception? Failure => _failure;

    /// <summary>Starts the thread and its loop.</summary>
    public void Start() => _thread.Start();

    /// <summary>Asks the loop to stop; thread-safe. <see cref="Join"/> waits for it.</summary>
    public void Stop() => Loop.Stop();

    /// <summary>Waits for the thread to end; false when <paramref name="timeout"/> passed first.</summary>
    public bool Join(TimeSpan timeout) => (_thread.ThreadState & ThreadState.Unstarted) != 0 || _thread.Join(timeout);

    private void Run()
    {
        try
        {
            Loop.MakeCurrent();
            Loop.Start();
        }
        catch (Exception e)
        {
            _failure = e;
            Loop.Logger.LogCritical(e, "IOLoop thread {Name} failed", Name);
        }
    }

    /// <summary>Stops the loop, waits for the thread (up to 10 s) and disposes the loop.</summary>
    public void Dispose()
    {
        Stop();
        if (Join(TimeSpan.FromSeconds(10)) && !Loop.IsRunning) Loop.Dispose();
    }
}
