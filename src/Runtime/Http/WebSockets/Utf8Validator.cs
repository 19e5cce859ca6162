using System.Text;

namespace Squall.Http;

/// <summary>
/// Validates UTF-8 incrementally (RFC 6455 §8.1: text must be valid UTF-8; Autobahn's section 6 wants a failure as
/// soon as the sequence can no longer be valid, even in the middle of a fragment). Tracks how many continuation bytes
/// the current character still needs and the range the next one must fall in, which rules out overlong forms,
/// surrogates and code points above U+10FFFF (RFC 3629 §4). A struct with no buffer: feeding allocates nothing.
/// </summary>
internal struct Utf8Validator
{
    private int _need;
    private byte _low;
    private byte _high;

    /// <summary>True when no character is cut in the middle (a message may end here).</summary>
    public readonly bool IsComplete => _need == 0;

    public void Reset() => _need = 0;

    /// <summary>Feeds the next bytes; false as soon as they cannot be part of valid UTF-8.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (_need == 0)
            {
                // Text is mostly ASCII: skip runs of it vectorised.
                int nonAscii = bytes[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                if (nonAscii < 0) return true;
                i += nonAscii;
                byte lead = bytes[i++];
                if (!Start(lead)) return false;
                continue;
            }
            byte b = bytes[i++];
            if (b < _low || b > _high) return false;
            _low = 0x80;
            _high = 0xBF;
            _need--;
        }
        return true;
    }

    private bool Start(byte lead)
    {
        _low = 0x80;
        _high = 0xBF;
        switch (lead)
        {
            case >= 0xC2 and <= 0xDF: _need = 1; return true;
            case 0xE0: _need = 2; _low = 0xA0; return true;             // no overlong 3-byte forms
            case 0xED: _need = 2; _high = 0x9F; return true;            // no UTF-16 surrogates
            case >= 0xE1 and <= 0xEF: _need = 2; return true;
            case 0xF0: _need = 3; _low = 0x90; return true;             // no overlong 4-byte forms
            case >= 0xF1 and <= 0xF3: _need = 3; return true;
            case 0xF4: _need = 3; _high = 0x8F; return true;            // nothing above U+10FFFF
            default: return false;                                      // 80–C1 and F5–FF never lead
        }
    }

    /// <summary>Whole-buffer check for short payloads (close reasons).</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
