namespace Squall.IO;

/// <summary>
/// The stream is closed (Tornado's <c>StreamClosedError</c>). <see cref="Exception.InnerException"/> is the real
/// cause when there was one (a <see cref="System.Net.Sockets.SocketException"/> for a reset, a limit exception,
/// the error passed to <see cref="IOStream.Close"/>); null for an orderly close by either side.
/// </summary>
public class StreamClosedException : IOException
{
    /// <summary>Creates the exception with <paramref name="cause"/> as the inner exception.</summary>
    public StreamClosedException(Exception? cause = null)
        : base(cause is null ? "Stream is closed" : $"Stream is closed: {cause.Message}", cause) { }

    /// <summary>Creates the exception with a message and an optional cause.</summary>
    public StreamClosedException(string message, Exception? cause) : base(message, cause) { }
}
