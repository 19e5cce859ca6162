using System.Runtime.CompilerServices;

namespace Squall.IO;

/// <summary>
/// What <see cref="IOStream.WaitForData"/> returns: awaiting it resumes once <see cref="IOStream.Buffered"/> holds
/// more bytes than it did at the call. The state lives in the stream, so a wait allocates nothing.
/// Await it once, on the loop thread.
/// </summary>
public readonly struct DataAwaitable
{
    private readonly IOStream _stream;

    internal DataAwaitable(IOStream stream) => _stream = stream;

    /// <summary>Gets the awaiter.</summary>
    public Awaiter GetAwaiter() => new(_stream);

    /// <summary>The awaiter of <see cref="DataAwaitable"/>.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion
    {
        private readonly IOStream _stream;

        internal Awaiter(IOStream stream) => _stream = stream;

        /// <summary>True once new data is buffered or the stream has closed.</summary>
        public bool IsCompleted => _stream.IsWaitCompleted;

        /// <summary>Ends the wait; throws <see cref="StreamClosedException"/> when the stream closed without new data.</summary>
        public void GetResult() => _stream.EndWaitForData();

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _stream.SetWaitContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _stream.SetWaitContinuation(continuation);
    }
}
