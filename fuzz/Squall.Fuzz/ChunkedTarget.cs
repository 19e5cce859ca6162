using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// The chunked body decoder. Invariants: feeding the input in pieces (split points taken from the input itself) gives
/// the same outcome, data and consumed count as feeding it whole; for input that a strict reference decoder (written
/// separately from the RFC's grammar, below) accepts, the decoder returns the same body and ends at the same byte.
/// </summary>
internal static class ChunkedTarget
{
    private readonly record struct Outcome(ChunkedDecodeStatus Status, byte[] Data, int Consumed, RequestRejectionReason Error);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var whole = Decode(input, splitSeed: 0);
        var split = Decode(input, splitSeed: input.Length == 0 ? 1 : input[0] | 1);
        InvariantException.Check(whole.Status == split.Status, $"whole: {whole.Status}, in pieces: {split.Status}");
        InvariantException.Check(whole.Consumed == split.Consumed, $"whole consumed {whole.Consumed}, in pieces {split.Consumed}");
        InvariantException.Check(whole.Data.AsSpan().SequenceEqual(split.Data), "the body differs when the input arrives in pieces");
        InvariantException.Check(whole.Error == split.Error, $"whole error {whole.Error}, in pieces {split.Error}");

        if (ReferenceChunked.TryDecode(input, out var body, out int end))
        {
            InvariantException.Check(whole.Status == ChunkedDecodeStatus.Done, $"valid chunked input ended as {whole.Status} ({whole.Error})");
            InvariantException.Check(whole.Consumed == end, $"the body ends at {end}, the decoder stopped at {whole.Consumed}");
            InvariantException.Check(whole.Data.AsSpan().SequenceEqual(body), "the decoded body differs from the reference decoder's");
        }
    }

    /// <summary>Decodes until Done/Error/end of input; with a seed, input is handed over in pseudo-random pieces.</summary>
    private static Outcome Decode(ReadOnlySpan<byte> input, int splitSeed)
    {
        var decoder = new ChunkedBodyDecoder();
        var data = new List<byte>();
        var random = splitSeed == 0 ? null : new Random(splitSeed);
        int offset = 0;
        int available = random is null ? input.Length : Math.Min(input.Length, random.Next(1, 8));
        while (true)
        {
            var status = decoder.Decode(input[offset..available], out int consumed, out int dataStart);
            InvariantException.Check(consumed >= 0 && consumed <= available - offset, $"consumed {consumed} of {available - offset}");
            if (status == ChunkedDecodeStatus.Data)
            {
                InvariantException.Check(dataStart <= consumed, "data starts after the consumed bytes");
                data.AddRange(input[(offset + dataStart)..(offset + consumed)]);
            }
            offset += consumed;
            if (status is ChunkedDecodeStatus.Done or ChunkedDecodeStatus.Error)
                return new Outcome(status, data.ToArray(), offset, status == ChunkedDecodeStatus.Error ? decoder.Error : RequestRejectionReason.None);
            if (status == ChunkedDecodeStatus.NeedMore)
            {
                InvariantException.Check(offset == available, "NeedMore left input unconsumed");
                if (available == input.Length) return new Outcome(status, data.ToArray(), offset, RequestRejectionReason.None);
                available = random is null ? input.Length : Math.Min(input.Length, available + random.Next(1, 64));
            }
        }
    }
}

/// <summary>
/// A strict, obviously-correct chunked decoder (RFC 9112 §7.1) over the whole input: chunk-size as 1–15 hex digits,
/// extensions of the form <c>;token</c> or <c>;token=token</c>, CRLF line ends, trailer fields <c>token: value</c>.
/// Returns false for anything else, including input that is merely incomplete.
/// </summary>
internal static class ReferenceChunked
{
    public static bool TryDecode(ReadOnlySpan<byte> input, out byte[] body, out int end)
    {
        body = [];
        end = 0;
        var output = new List<byte>();
        int i = 0;
        while (true)
        {
            int lineEnd = input[i..].IndexOf("\r\n"u8);
            if (lineEnd < 0) return false;
            var line = input.Slice(i, lineEnd);
            i += lineEnd + 2;
            int semicolon = line.IndexOf((byte)';');
            var digits = semicolon < 0 ? line : line[..semicolon];
            if (digits.Length is 0 or > 15) return false;
            long size = 0;
            foreach (byte b in digits)
            {
                int v = Hex(b);
                if (v < 0) return false;
                size = size * 16 + v;
            }
            if (semicolon >= 0 && !ValidExtensions(line[semicolon..])) return false;
            if (size == 0) break;
            if (size > input.Length - i) return false;
            output.AddRange(input.Slice(i, (int)size));
            i += (int)size;
            if (!input[i..].StartsWith("\r\n"u8)) return false;
            i += 2;
        }
        while (true)
        {
            int lineEnd = input[i..].IndexOf("\r\n"u8);
            if (lineEnd < 0) return false;
            var line = input.Slice(i, lineEnd);
            i += lineEnd + 2;
            if (line.IsEmpty) break;
            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon])) return false;
            foreach (byte b in line[(colon + 1)..]) if (b < 0x20 && b != '\t' || b == 0x7F) return false;
        }
        body = output.ToArray();
        end = i;
        return true;
    }

    private static bool ValidExtensions(ReadOnlySpan<byte> extensions)
    {
        while (!extensions.IsEmpty)
        {
            if (extensions[0] != ';') return false;
            extensions = extensions[1..];
            int next = extensions.IndexOf((byte)';');
            var ext = next < 0 ? extensions : extensions[..next];
            int eq = ext.IndexOf((byte)'=');
            if (eq < 0 ? !IsToken(ext) : !IsToken(ext[..eq]) || !IsToken(ext[(eq + 1)..])) return false;
            extensions = next < 0 ? default : extensions[next..];
        }
        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return false;
        foreach (byte b in text)
        {
            bool ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok) return false;
        }
        return true;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
