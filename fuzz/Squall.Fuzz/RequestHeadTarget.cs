using System.Text;
using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// The server's request-head parser. Invariants: a Complete parse consumed exactly the head (up to and including the
/// first blank line, within the size limit); re-serialising what the handler saw and parsing it again gives the same
/// start line and fields; no prefix of a complete head is Complete or an Error (a valid request is never refused for
/// arriving in pieces); an Error maps to a 4xx/5xx status.
/// </summary>
internal static class RequestHeadTarget
{
    private const int MaxHeaderSize = 8192;

    private struct Recorder : IHttpParserHandler
    {
        public string? Method, Target, Version;
        public List<(string Name, string Value)> Fields;

        public void OnStartLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, string version)
        {
            Method = Encoding.Latin1.GetString(method);
            Target = Encoding.Latin1.GetString(target);
            Version = version;
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            (Fields ??= new()).Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }

    public static void Run(ReadOnlySpan<byte> input)
    {
        var recorder = new Recorder();
        var result = HttpParser.ParseRequestHead(input, ref recorder, MaxHeaderSize);
        switch (result.Status)
        {
            case HttpParseStatus.Error:
                int status = RequestRejection.StatusCode(result.Reason);
                InvariantException.Check(status is >= 400 and < 600, $"rejection {result.Reason} maps to status {status}");
                InvariantException.Check(RequestRejection.Message(result.Reason).Length > 0, $"rejection {result.Reason} has no message");
                return;
            case HttpParseStatus.Incomplete:
                InvariantException.Check(input.Length < MaxHeaderSize + 16, $"{input.Length} bytes without a blank line are still Incomplete");
                InvariantException.Check(recorder.Method is null, "a callback ran for an incomplete head");
                return;
        }

        int consumed = result.Consumed;
        InvariantException.Check(consumed >= 4 && consumed <= input.Length, $"consumed {consumed} of {input.Length}");
        InvariantException.Check(input[(consumed - 4)..consumed].SequenceEqual("\r\n\r\n"u8), "the head does not end with CRLF CRLF");
        int skipped = 0;
        while (input[skipped..].StartsWith("\r\n"u8) && skipped < consumed - 4) skipped += 2;
        var head = input[skipped..consumed];
        InvariantException.Check(head.IndexOf("\r\n\r\n"u8) == head.Length - 4, "the head goes past the first blank line");
        InvariantException.Check(head.Length <= MaxHeaderSize, $"a head of {head.Length} bytes passed a limit of {MaxHeaderSize}");
        InvariantException.Check(recorder.Method is not null && recorder.Target is not null && recorder.Version is not null, "Complete without a start line");

        // Re-serialise and parse again: the same request.
        var again = new StringBuilder().Append(recorder.Method).Append(' ').Append(recorder.Target).Append(' ').Append(recorder.Version).Append("\r\n");
        foreach (var (name, value) in recorder.Fields ?? []) again.Append(name).Append(": ").Append(value).Append("\r\n");
        again.Append("\r\n");
        var bytes = Encoding.Latin1.GetBytes(again.ToString());
        var second = new Recorder();
        var reparsed = HttpParser.ParseRequestHead(bytes, ref second, MaxHeaderSize + 1024);
        InvariantException.Check(reparsed.Status == HttpParseStatus.Complete && reparsed.Consumed == bytes.Length,
            $"the re-serialised head parsed as {reparsed}");
        InvariantException.Check(second.Method == recorder.Method && second.Target == recorder.Target && second.Version == recorder.Version,
            "the re-serialised start line differs");
        var first = recorder.Fields ?? [];
        var fields = second.Fields ?? [];
        InvariantException.Check(first.Count == fields.Count, "the re-serialised head has a different number of fields");
        for (int i = 0; i < first.Count; i++) InvariantException.Check(first[i] == fields[i], $"field {i} differs after re-serialising");

        // A valid head arriving in pieces: every prefix is Incomplete (sampled for long heads).
        int step = Math.Max(1, consumed / 64);
        for (int n = 0; n < consumed; n += step)
        {
            var probe = new Recorder();
            var partial = HttpParser.ParseRequestHead(input[..n], ref probe, MaxHeaderSize);
            InvariantException.Check(partial.Status == HttpParseStatus.Incomplete,
                $"the first {n} bytes of a valid head parsed as {partial}");
        }
    }
}
