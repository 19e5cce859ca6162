using System.Runtime.CompilerServices;

namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    // The run loop's continuation while it waits for an asynchronous handler to finish. The run loop is one coroutine
    // per connection whose MoveNext delegate is created once, so waiting costs nothing per request (a Future per
    // request plus a helper coroutine cost ~220 B).
    private Action? _finishContinuation;

    /// <summary>Completes when the response is finished or the connection closed.</summary>
    private ResponseFinishedAwaitable WaitForFinish() => new(this);

    /// <summary>Resumes the run loop if it waits for the response; called when it finishes or the client goes away.</summary>
    private void SignalFinished()
    {
        var continuation = _finishContinuation;
        if (continuation is null) return;
        _finishContinuation = null;
        // Like a future's waiter: the run loop resumes on the next loop iteration, never inside Finish().
        _loop.AddCallback(continuation);
    }

    private readonly struct ResponseFinishedAwaitable(Http1ServerConnection connection) : ICriticalNotifyCompletion
    {
        public ResponseFinishedAwaitable GetAwaiter() => this;

        public bool IsCompleted => connection._finished || connection._stream.Closed;

        public void GetResult() { }

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation)
        {
            if (connection._finishContinuation is not null) throw new InvalidOperationException("The run loop already waits for the response.");
            connection._finishContinuation = continuation;
        }
    }
}
