using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// The WebSocket frame header parser and the masking it pairs with. Invariants: a parsed header lies inside the input
/// and is the shortest encoding's length or the explicit one the bytes used; no shorter prefix parses; writing the
/// header back gives the same fields; masking is its own inverse, and masking in pieces (any split) equals masking
/// whole.
/// </summary>
internal static class WebSocketFrameTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (!WebSocketFrameHeader.TryParse(input, out var header))
        {
            InvariantException.Check(input.Length < WebSocketFrameWriter.MaxHeaderLength, $"{input.Length} bytes did not make a header");
            return;
        }
        InvariantException.Check(header.HeaderLength is >= 2 and <= WebSocketFrameWriter.MaxHeaderLength && header.HeaderLength <= input.Length,
            $"header length {header.HeaderLength} of {input.Length} bytes");
        for (int n = 0; n < header.HeaderLength; n++)
            InvariantException.Check(!WebSocketFrameHeader.TryParse(input[..n], out _), $"a {n}-byte prefix of a {header.HeaderLength}-byte header parsed");
        if (header.PayloadLength < 0) return; // a 64-bit length with the top bit set: the connection rejects it

        Span<byte> written = stackalloc byte[WebSocketFrameWriter.MaxHeaderLength];
        int length = WebSocketFrameWriter.WriteHeader(written, (WebSocketOpcode)header.Opcode, header.Fin, header.Rsv1, header.PayloadLength,
            header.Masked ? header.MaskKey : null);
        InvariantException.Check(WebSocketFrameHeader.TryParse(written[..length], out var again), "a written header did not parse");
        InvariantException.Check(again.Fin == header.Fin && again.Rsv1 == header.Rsv1 && again.Opcode == header.Opcode && again.Masked == header.Masked
            && again.MaskKey == header.MaskKey && again.PayloadLength == header.PayloadLength, "a header changed when written back");
        InvariantException.Check(length == WebSocketFrameWriter.HeaderLength(header.PayloadLength, header.Masked) && length <= header.HeaderLength,
            $"written {length} bytes for a header read from {header.HeaderLength}");

        // Masking: the payload is what follows the header in the input.
        var payload = input[header.HeaderLength..].ToArray();
        uint key = header.MaskKey;
        var whole = payload.ToArray();
        WebSocketFrameWriter.ApplyMask(whole, key, 0);
        var pieces = payload.ToArray();
        int offset = 0, at = 0;
        int step = 1 + (input[0] % 7);
        while (at < pieces.Length)
        {
            int n = Math.Min(step, pieces.Length - at);
            offset = WebSocketFrameWriter.ApplyMask(pieces.AsSpan(at, n), key, offset);
            at += n;
            step = step * 3 % 17 + 1;
        }
        InvariantException.Check(whole.AsSpan().SequenceEqual(pieces), "masking in pieces differs from masking whole");
        WebSocketFrameWriter.ApplyMask(whole, key, 0);
        InvariantException.Check(whole.AsSpan().SequenceEqual(payload), "masking twice is not the identity");
    }
}
