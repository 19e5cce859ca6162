namespace Squall.Http;

/// <summary>What one <see cref="ChunkedBodyDecoder.Decode"/> call produced.</summary>
public enum ChunkedDecodeStatus
{
    /// <summary>All input was framing (now consumed); more bytes are needed.</summary>
    NeedMore,
    /// <summary>A slice of body data is ready (it may be followed by more in the same input).</summary>
    Data,
    /// <summary>The last chunk and the trailer section were read; the body is complete.</summary>
    Done,
    /// <summary>The framing is invalid; see <see cref="ChunkedBodyDecoder.Error"/>.</summary>
    Error,
}

/// <summary>
/// Incremental decoder of <c>Transfer-Encoding: chunked</c> (RFC 9112 §7.1). Framing bytes are walked one at a
/// time, so input split at any byte boundary decodes the same; data is handed out as slices of the input.
/// Chunk extensions and trailer fields are parsed for shape and ignored (as Tornado does).
/// </summary>
public struct ChunkedBodyDecoder
{
    // 16 hex digits would already overflow long's positive range; MaxBodySize is checked by the caller.
    private const int MaxSizeDigits = 15;
    private const int MaxLineLength = 4096; // chunk-size line with extensions, and each trailer line

    private State _state;
    private long _remaining;
    private int _digits;
    private int _lineLength;

    private enum State { Size, SizeBws, Extension, SizeLf, Data, DataCr, DataLf, TrailerStart, TrailerLine, TrailerLf, FinalLf, Done }

    /// <summary>Why decoding failed, when <see cref="ChunkedDecodeStatus.Error"/> was returned.</summary>
    public RequestRejectionReason Error { get; private set; }

    /// <summary>True once the terminating chunk and trailers were read.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>
    /// Decodes from <paramref name="input"/>: <paramref name="consumed"/> bytes were used; on <see cref="ChunkedDecodeStatus.Data"/>
    /// the body bytes are <c>input[dataStart..consumed]</c>. Call again with the rest.
    /// </summary>
    public ChunkedDecodeStatus Decode(ReadOnlySpan<byte> input, out int consumed, out int dataStart)
    {
        dataStart = 0;
        int i = 0;
        while (i < input.Length)
        {
            byte b = input[i];
            switch (_state)
            {
                case State.Data:
                {
                    int take = (int)Math.Min(_remaining, input.Length - i);
                    dataStart = i;
                    _remaining -= take;
                    if (_remaining == 0) _state = State.DataCr;
                    consumed = i + take;
                    return ChunkedDecodeStatus.Data;
                }
                case State.Size:
                    if (HexValue(b) is int v and >= 0)
                    {
                        if (++_digits > MaxSizeDigits) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                        _remaining = (_remaining << 4) | (uint)v;
                    }
                    else if (_digits == 0) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    else if (b == ';') _state = State.Extension;
                    else if (b == ' ' || b == '\t') _state = State.SizeBws;
                    else if (b == '\r') _state = State.SizeLf;
                    else return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    if (++_lineLength > MaxLineLength) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    break;
                case State.SizeBws:
                    // chunk-ext = *( BWS ";" ... ) (RFC 9112 §7.1.1): whitespace after the size is allowed only before a
                    // ';'. "1 x" or "1 \r\n" is refused, since a front end that reads the size differently could be
                    // made to see another body (request smuggling).
                    if (b == ';') _state = State.Extension;
                    else if (b != ' ' && b != '\t') return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    if (++_lineLength > MaxLineLength) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    break;
                case State.Extension:
                    // chunk-ext is ignored, but CTLs (notably a bare LF) inside it are refused.
                    if (b == '\r') _state = State.SizeLf;
                    else if (b < 0x20 && b != '\t' || b == 0x7F) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    if (++_lineLength > MaxLineLength) return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    break;
                case State.SizeLf:
                    if (b != '\n') return Fail(RequestRejectionReason.InvalidChunkSize, i, out consumed);
                    _state = _remaining == 0 ? State.TrailerStart : State.Data;
                    _digits = 0;
                    _lineLength = 0;
                    break;
                case State.DataCr:
                    if (b != '\r') return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    _state = State.DataLf;
                    break;
                case State.DataLf:
                    if (b != '\n') return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    _state = State.Size;
                    break;
                case State.TrailerStart:
                    _lineLength = 0;
                    if (b == '\r') _state = State.FinalLf;
                    else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)':') return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    else _state = State.TrailerLine;
                    break;
                case State.TrailerLine:
                    if (b == '\r') _state = State.TrailerLf;
                    else if (b == '\n' || b == 0) return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    else if (++_lineLength > MaxLineLength) return Fail(RequestRejectionReason.HeadersTooLarge, i, out consumed);
                    break;
                case State.TrailerLf:
                    if (b != '\n') return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    _state = State.TrailerStart;
                    break;
                case State.FinalLf:
                    if (b != '\n') return Fail(RequestRejectionReason.InvalidChunkTerminator, i, out consumed);
                    _state = State.Done;
                    consumed = i + 1;
                    return ChunkedDecodeStatus.Done;
                case State.Done:
                    consumed = i;
                    return ChunkedDecodeStatus.Done;
            }
            i++;
        }
        consumed = i;
        return _state == State.Done ? ChunkedDecodeStatus.Done : ChunkedDecodeStatus.NeedMore;
    }

    private ChunkedDecodeStatus Fail(RequestRejectionReason reason, int at, out int consumed)
    {
        Error = reason;
        consumed = at;
        return ChunkedDecodeStatus.Error;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
