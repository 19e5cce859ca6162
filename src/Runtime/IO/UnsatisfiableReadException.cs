namespace Squall.IO;

/// <summary>
/// A read cannot be satisfied within its limit, e.g. <see cref="IOStream.ReadUntil"/> found no delimiter within
/// <c>maxBytes</c> (Tornado's <c>UnsatisfiableReadError</c>). The stream is closed.
/// </summary>
public class UnsatisfiableReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnsatisfiableReadException(string message) : base(message) { }
}
