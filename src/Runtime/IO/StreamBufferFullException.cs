namespace Squall.IO;

/// <summary>
/// A stream buffer reached its limit (Tornado's <c>StreamBufferFullError</c>): the read buffer reached
/// <see cref="IOStream.MaxBufferSize"/> (the stream is closed), or a write would exceed
/// <see cref="IOStream.MaxWriteBufferSize"/> (the write is refused, the stream stays open).
/// </summary>
public class StreamBufferFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamBufferFullException(string message) : base(message) { }
}
