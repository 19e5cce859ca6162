namespace Squall.Http;

/// <summary>
/// Parses an HTTP/1.x request head (start line and header fields, RFC 9112 §2–5) from a span, calling a struct
/// handler with spans: no string is made here. Strict where leniency enables request smuggling: lines end with
/// CRLF only, no whitespace before a header's colon, no obs-fold, no control characters.
/// </summary>
public static class HttpParser
{
    /// <summary>
    /// Parses the head at the start of <paramref name="buffer"/>. Incomplete: no callback ran and nothing is consumed
    /// (call again with more bytes). The limit is applied by slicing: a head not ended within
    /// <paramref name="maxHeaderSize"/> bytes is <see cref="RequestRejectionReason.HeadersTooLarge"/>.
    /// A request line that is already complete is validated even while the headers are still arriving, so garbage is
    /// rejected at once rather than after the header timeout.
    /// </summary>
    public static HttpParseResult ParseRequestHead<THandler>(ReadOnlySpan<byte> buffer, ref THandler handler, int maxHeaderSize)
        where THandler : struct, IHttpParserHandler
    {
        int scanned = 0;
        return ParseRequestHead(buffer, ref handler, maxHeaderSize, ref scanned);
    }

    /// <summary>
    /// As <see cref="ParseRequestHead{THandler}(ReadOnlySpan{byte}, ref THandler, int)"/>, resuming an incomplete head:
    /// <paramref name="scanned"/> (0 for a new head) is how many bytes at the start of <paramref name="buffer"/> earlier
    /// calls already found to be complete, valid lines with no end of head among them. An incomplete result advances it,
    /// so a head that arrives a byte at a time costs linear work, not quadratic. The caller keeps the buffer's start
    /// where it was between calls (it only grows) and resets <paramref name="scanned"/> to 0 after consuming a head.
    /// </summary>
    public static HttpParseResult ParseRequestHead<THandler>(ReadOnlySpan<byte> buffer, ref THandler handler, int maxHeaderSize, ref int scanned)
        where THandler : struct, IHttpParserHandler
    {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request line.
        int skipped = 0;
        while (skipped + 1 < buffer.Length && buffer[skipped] == '\r' && buffer[skipped + 1] == '\n' && skipped < 8) skipped += 2;
        var input = buffer[skipped..];
        var limited = input.Length > maxHeaderSize ? input[..maxHeaderSize] : input;
        // Offsets below are in 'input'; 'scanned' counts from the buffer's start (the skipped lines never change).
        int checkedUpTo = Math.Clamp(scanned - skipped, 0, limited.Length);

        // The end of head may straddle what was scanned: its CRLF CRLF can start up to 3 bytes before.
        int from = Math.Max(0, checkedUpTo - 3);
        int end = limited[from..].IndexOf("\r\n\r\n"u8);
        if (end >= 0) end += from;
        if (end < 0)
        {
            var reason = ValidateCompleteLines(limited, ref checkedUpTo);
            scanned = skipped + checkedUpTo;
            if (reason != RequestRejectionReason.None) return HttpParseResult.Error(reason);
            return input.Length >= maxHeaderSize
                ? HttpParseResult.Error(RequestRejectionReason.HeadersTooLarge)
                : HttpParseResult.Incomplete;
        }

        var head = limited[..(end + 2)]; // every line with its CRLF
        int lineEnd = head.IndexOf((byte)'\n');
        var lineReason = ParseRequestLine(head[..(lineEnd + 1)], ref handler);
        if (lineReason != RequestRejectionReason.None) return HttpParseResult.Error(lineReason);
        var rest = head[(lineEnd + 1)..];
        while (!rest.IsEmpty)
        {
            int lf = rest.IndexOf((byte)'\n');
            lineReason = ParseHeaderLine(rest[..(lf + 1)], ref handler);
            if (lineReason != RequestRejectionReason.None) return HttpParseResult.Error(lineReason);
            rest = rest[(lf + 1)..];
        }
        return HttpParseResult.Complete(skipped + end + 4);
    }

    /// <summary>Parses <c>method SP request-target SP HTTP-version CRLF</c> (RFC 9112 §3). <paramref name="line"/> ends with LF.</summary>
    internal static RequestRejectionReason ParseRequestLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler)
        where THandler : struct, IHttpParserHandler
    {
        if (line.Length < 2 || line[^2] != '\r') return RequestRejectionReason.InvalidLineEnding;
        line = line[..^2];
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0) return RequestRejectionReason.InvalidRequestLine;
        var method = line[..sp1];
        if (!HttpCharacters.IsToken(method)) return RequestRejectionReason.InvalidRequestLine;
        var afterMethod = line[(sp1 + 1)..];
        int sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0) return RequestRejectionReason.InvalidRequestLine;
        var target = afterMethod[..sp2];
        var versionBytes = afterMethod[(sp2 + 1)..];
        if (!HttpCharacters.IsValidTarget(target)) return RequestRejectionReason.InvalidRequestTarget;
        string version;
        if (versionBytes.SequenceEqual("HTTP/1.1"u8)) version = "HTTP/1.1";
        else if (versionBytes.SequenceEqual("HTTP/1.0"u8)) version = "HTTP/1.0";
        else if (versionBytes.Length == 8 && versionBytes.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)versionBytes[5])
                 && versionBytes[6] == '.' && char.IsAsciiDigit((char)versionBytes[7]))
            return RequestRejectionReason.UnrecognizedHttpVersion;
        else return RequestRejectionReason.InvalidRequestLine;
        // Targets other than origin-form need a matching method (RFC 9112 §3.2): '*' only with OPTIONS.
        if (target[0] == '*' && (target.Length != 1 || !method.SequenceEqual("OPTIONS"u8))) return RequestRejectionReason.InvalidRequestTarget;
        handler.OnStartLine(method, target, version);
        return RequestRejectionReason.None;
    }

    /// <summary>Parses <c>field-name ":" OWS field-value OWS CRLF</c> (RFC 9112 §5). <paramref name="line"/> ends with LF.</summary>
    internal static RequestRejectionReason ParseHeaderLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler)
        where THandler : struct, IHttpParserHandler
    {
        if (line.Length < 2 || line[^2] != '\r') return RequestRejectionReason.InvalidLineEnding;
        line = line[..^2];
        if (line.IsEmpty) return RequestRejectionReason.InvalidHeaderLine;
        if (line[0] is (byte)' ' or (byte)'\t') return RequestRejectionReason.ObsoleteLineFolding;
        int colon = line.IndexOf((byte)':');
        if (colon < 0) return HttpCharacters.IsToken(line) ? RequestRejectionReason.InvalidHeaderLine : RequestRejectionReason.InvalidHeaderName;
        if (colon == 0) return RequestRejectionReason.InvalidHeaderLine;
        var name = line[..colon];
        if (!HttpCharacters.IsToken(name)) return RequestRejectionReason.InvalidHeaderName;
        var value = TrimSpaceAndTab(line[(colon + 1)..]);
        if (!HttpCharacters.IsValidFieldValue(value)) return RequestRejectionReason.InvalidHeaderValue;
        handler.OnHeader(name, value);
        return RequestRejectionReason.None;
    }

    // OWS around a field value (RFC 9110 §5.6.3). Trim(" \t"u8) is a general search per side that NativeAOT left as calls.
    private static ReadOnlySpan<byte> TrimSpaceAndTab(ReadOnlySpan<byte> value)
    {
        int start = 0, end = value.Length;
        while (start < end && value[start] is (byte)' ' or (byte)'\t') start++;
        while (end > start && value[end - 1] is (byte)' ' or (byte)'\t') end--;
        return value[start..end];
    }

    /// <summary>
    /// Checks, without callbacks, every complete line of an unfinished head from <paramref name="checkedUpTo"/> on (the
    /// request line when it is 0), and moves <paramref name="checkedUpTo"/> past the last valid one: garbage is refused
    /// as soon as its line is complete, and no line is checked twice.
    /// </summary>
    private static RequestRejectionReason ValidateCompleteLines(ReadOnlySpan<byte> limited, ref int checkedUpTo)
    {
        var probe = default(NullHandler);
        while (true)
        {
            var rest = limited[checkedUpTo..];
            int lf = rest.IndexOf((byte)'\n');
            if (lf < 0)
            {
                // A CR not followed by LF can never start a valid line ending.
                if (checkedUpTo == 0 && rest.IndexOf((byte)'\r') is int cr and >= 0 && cr + 1 < rest.Length)
                    return RequestRejectionReason.InvalidLineEnding;
                return RequestRejectionReason.None;
            }
            var line = rest[..(lf + 1)];
            var reason = checkedUpTo == 0 ? ParseRequestLine(line, ref probe) : ParseHeaderLine(line, ref probe);
            if (reason != RequestRejectionReason.None) return reason;
            checkedUpTo += lf + 1;
        }
    }

    private struct NullHandler : IHttpParserHandler
    {
        public readonly void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version) { }

        public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) { }
    }
}
