using System.Text;

namespace Squall.Http;

/// <summary>
/// A response head as the client parsed it, with the framing facts it needs (RFC 9112 §6.3). Made by
/// <see cref="ResponseHead.Parse"/> with the server parser's strictness: a client that reads what a server refuses lets
/// a proxy in front of it be fooled into seeing another response (response splitting and smuggling).
/// </summary>
internal sealed class ResponseHead
{
    public int Code { get; private init; }
    public string Reason { get; private init; } = "";
    public bool Http10 { get; private init; }
    public HttpHeaders Headers { get; } = new();

    /// <summary>The one Content-Length (a list of equal values counts as one), or -1 when absent.</summary>
    public long ContentLength { get; private set; } = -1;

    /// <summary>The Transfer-Encoding values joined with commas, or null when absent.</summary>
    public string? TransferEncoding { get; private set; }

    /// <summary>
    /// Parses <paramref name="head"/> (status line, header lines, each ending in CRLF, then the empty line). Bad input
    /// throws <see cref="HttpClientError"/> 599 naming the fault: a malformed status line, characters a field may not
    /// hold, obs-fold, bare CR or LF, an invalid or conflicting Content-Length, Content-Length with Transfer-Encoding.
    /// </summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head, Action<string>? headerCallback)
    {
        int lf = head.IndexOf((byte)'\n');
        if (lf < 1 || head[lf - 1] != '\r') throw Malformed("Malformed response status line", head[..Math.Max(0, lf)]);
        var statusLine = head[..(lf - 1)];
        var result = ParseStatusLine(statusLine);
        headerCallback?.Invoke(Encoding.Latin1.GetString(statusLine) + "\r\n");

        var collector = new HeaderCollector(result);
        var rest = head[(lf + 1)..];
        while (!rest.IsEmpty && !rest.SequenceEqual("\r\n"u8))
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..(end + 1)];
            var reason = HttpParser.ParseHeaderLine(line, ref collector);
            if (reason != RequestRejectionReason.None) throw Malformed(ClientMessage(reason), line.TrimEnd("\r\n"u8));
            headerCallback?.Invoke(Encoding.Latin1.GetString(line));
            rest = end < 0 ? default : rest[(end + 1)..];
        }
        headerCallback?.Invoke("\r\n");
        if (collector.InvalidContentLength) throw new HttpClientError(599, "Invalid or conflicting response Content-Length");
        // RFC 9112 §6.3 lets Transfer-Encoding override Content-Length, but a sender must never send both (§6.2): a
        // response that does is either broken or an attempt to make two parsers disagree about where it ends.
        if (result.TransferEncoding is not null && result.ContentLength >= 0)
            throw new HttpClientError(599, "Response has both Content-Length and Transfer-Encoding");
        return result;
    }

    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4); the SP before an empty reason
    // is optional in practice (many servers omit it), so "HTTP/1.1 200" is accepted as well.
    private static ResponseHead ParseStatusLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != ' '
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11])
            || (line.Length > 12 && line[12] != ' '))
            throw Malformed("Malformed response status line", line);
        var reason = line.Length > 13 ? line[13..] : default;
        if (!HttpCharacters.IsValidFieldValue(reason)) throw Malformed("Invalid characters in the response reason phrase", line);
        int code = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (code < 100) throw Malformed("Malformed response status line", line);
        return new ResponseHead { Code = code, Reason = Encoding.Latin1.GetString(reason), Http10 = line[7] == '0' };
    }

    private static string ClientMessage(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.InvalidHeaderName => "Invalid characters in a response header name",
        RequestRejectionReason.InvalidHeaderValue => "Invalid characters in a response header value",
        RequestRejectionReason.ObsoleteLineFolding => "Obsolete line folding in the response head",
        RequestRejectionReason.InvalidLineEnding => "Response head lines must end with CRLF",
        _ => "Malformed response header line",
    };

    // The offending line is quoted with control characters escaped, so the message itself cannot split a log line.
    private static HttpClientError Malformed(string message, ReadOnlySpan<byte> line)
    {
        var shown = new StringBuilder(Math.Min(line.Length, 200));
        foreach (byte b in line.Length > 200 ? line[..200] : line)
            shown.Append(b is < 0x20 or 0x7F ? $"\\x{b:X2}" : ((char)b).ToString());
        return new HttpClientError(599, message + ": " + shown);
    }

    private struct HeaderCollector(ResponseHead head) : IHttpParserHandler
    {
        public bool InvalidContentLength;

        public readonly void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version) { }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            string nameString = KnownStrings.HeaderName(name);
            string valueString = Encoding.Latin1.GetString(value);
            head.Headers.Add(nameString, valueString);
            if (nameString.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) NoteContentLength(value);
            else if (nameString.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                head.TransferEncoding = head.TransferEncoding is null ? valueString : head.TransferEncoding + "," + valueString;
        }

        // RFC 9110 §8.6: a list of identical values may be taken as one; anything else is invalid.
        private void NoteContentLength(ReadOnlySpan<byte> value)
        {
            foreach (var range in value.Split((byte)','))
            {
                var item = value[range].Trim(" \t"u8);
                if (item.IsEmpty || item.Length > 18 || item.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
                {
                    InvalidContentLength = true;
                    return;
                }
                long n = 0;
                foreach (byte b in item) n = n * 10 + (b - '0');
                if (head.ContentLength >= 0 && head.ContentLength != n) InvalidContentLength = true;
                head.ContentLength = n;
            }
        }
    }
}
