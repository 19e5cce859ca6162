using System.Text;

namespace Squall.Http;

/// <summary>
/// Turns the parser's spans into the connection's <see cref="HttpServerRequest"/> and collects the framing facts
/// (Host count, Content-Length, Transfer-Encoding, Connection, Expect) while the headers go by, so nothing is
/// searched afterwards. Strings for values equal to the previous value at the same position are reused (Kestrel's
/// trick): the cache lives in the pooled request object, which a keep-alive client gets back for each request (the
/// server's pool is last-in first-out), so a client repeating its headers costs no allocation.
/// </summary>
internal struct RequestHeadHandler : IHttpParserHandler
{
    private readonly Http1ServerConnection _connection;
    private int _index;

    public RequestHeadHandler(Http1ServerConnection connection)
    {
        _connection = connection;
        _index = 0;
    }

    public readonly void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version)
    {
        var request = _connection.Request;
        request.Method = KnownStrings.Method(method);
        var previous = request.LastTarget;
        if (!KnownStrings.SameText(target, previous)) request.LastTarget = previous = Encoding.ASCII.GetString(target);
        request.Uri = previous!;
        request.Version = version;
        _connection.StartLineSeen = true;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var c = _connection;
        string nameString = KnownStrings.HeaderName(name);
        var request = c.Request;
        var cache = request.LastHeaderValues;
        string valueString;
        if (_index < cache.Length && KnownStrings.SameText(value, cache[_index])) valueString = cache[_index]!;
        else
        {
            // Field values are Latin-1 by history (RFC 9110 §5.5): never fail on obs-text.
            valueString = Encoding.Latin1.GetString(value);
            if (_index < cache.Length) cache[_index] = valueString;
        }
        _index++;
        request.Headers.Add(nameString, valueString);

        // Framing facts. Known names come back as the interned literals, so these compare by reference first.
        switch (nameString)
        {
            case "Host":
                c.HostCount++;
                break;
            case "Content-Length":
                c.NoteContentLength(value);
                break;
            case "Transfer-Encoding":
                c.TransferEncoding = c.TransferEncoding is null ? valueString : c.TransferEncoding + "," + valueString;
                break;
            case "Connection":
                if (ContainsToken(value, "close"u8)) c.RequestWantsClose = true;
                if (ContainsToken(value, "keep-alive"u8)) c.RequestWantsKeepAlive = true;
                break;
            case "Expect":
                if (Ascii.EqualsIgnoreCase(value, "100-continue"u8)) c.ExpectContinue = true;
                break;
            case "Content-Encoding":
                if (Ascii.EqualsIgnoreCase(value, "gzip"u8)) c.GzipBody = true;
                break;
        }
    }

    /// <summary>True when the comma-separated list <paramref name="list"/> holds <paramref name="token"/> (case-insensitive).</summary>
    internal static bool ContainsToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        while (!list.IsEmpty)
        {
            int comma = list.IndexOf((byte)',');
            var item = (comma < 0 ? list : list[..comma]).Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(item, token)) return true;
            if (comma < 0) break;
            list = list[(comma + 1)..];
        }
        return false;
    }
}
