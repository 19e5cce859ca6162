namespace Squall.Loop;

/// <summary>
/// Installed on the loop's thread while it runs, so that <c>await someTask</c> inside a coroutine resumes on
/// the loop (a <see cref="Task"/>'s continuation posts to the captured context).
/// </summary>
internal sealed class IOLoopSynchronizationContext(IOLoop loop) : SynchronizationContext
{
    public IOLoop Loop { get; } = loop;

    public override void Post(SendOrPostCallback d, object? state) => Loop.AddCallback(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Loop.IsOnLoopThread)
        {
            d(state);
            return;
        }
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Loop.AddCallback(() =>
        {
            try { d(state); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        });
        done.Wait();
        if (error is not null) throw new InvalidOperationException("The callback sent to the IOLoop failed.", error);
    }

    public override SynchronizationContext CreateCopy() => this;
}
