namespace Squall.Http;

/// <summary>
/// Receives what <see cref="HttpParser"/> finds, as spans into the input (valid only during the call).
/// Implemented by structs so the parser's generic calls are direct, not virtual (Kestrel's <c>IHttpRequestLineHandler</c>).
/// </summary>
public interface IHttpParserHandler
{
    /// <summary>The request line: method and target as sent; <paramref name="version"/> is <c>HTTP/1.0</c> or <c>HTTP/1.1</c>.</summary>
    void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version);

    /// <summary>One header field; the value has surrounding whitespace trimmed.</summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
