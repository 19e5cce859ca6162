using Squall.Http;

namespace Squall.Http.Tests;

/// <summary>
/// The character classes answer the same for every byte whether the input is short (checked by a plain loop) or long
/// (checked by the vectorized SearchValues search): both paths against the RFC 9110 definitions written out here.
/// </summary>
public sealed class HttpCharactersTests
{
    private const string TChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static bool RfcToken(byte b) => TChars.Contains((char)b);

    private static bool RfcFieldValue(byte b) => b == ' ' || b == '\t' || (b >= 0x21 && b <= 0x7E) || b >= 0x80;

    private static bool RfcTarget(byte b) => b >= 0x21 && b <= 0x7E;

    // The byte at the start, in the middle and at the end of inputs on both sides of the scalar/vector threshold.
    public static TheoryData<int> Lengths => new() { 1, 2, 15, 31, 32, 33, 64, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Every_byte_is_classified_as_the_RFC_says_at_every_position(int length)
    {
        for (int b = 0; b < 256; b++)
        {
            foreach (int at in new[] { 0, length / 2, length - 1 })
            {
                var token = Filled(length, (byte)'a', at, (byte)b);
                Assert.True(RfcToken((byte)b) == HttpCharacters.IsToken(token), $"token byte 0x{b:X2} at {at} of {length}");
                var value = Filled(length, (byte)'a', at, (byte)b);
                Assert.True(RfcFieldValue((byte)b) == HttpCharacters.IsValidFieldValue(value), $"field value byte 0x{b:X2} at {at} of {length}");
                var target = Filled(length, (byte)'/', at, (byte)b);
                target[0] = at == 0 ? (byte)b : (byte)'/';
                bool expected = RfcTarget((byte)b) && (target[0] == '/' || target[0] == '*' || StartsAbsoluteOrAuthority(target));
                Assert.True(expected == HttpCharacters.IsValidTarget(target), $"target byte 0x{b:X2} at {at} of {length}");
            }
        }
    }

    [Fact]
    public void Empty_inputs_are_no_token_and_no_target_but_a_valid_empty_value()
    {
        Assert.False(HttpCharacters.IsToken([]));
        Assert.False(HttpCharacters.IsValidTarget([]));
        Assert.True(HttpCharacters.IsValidFieldValue([]));
    }

    private static byte[] Filled(int length, byte fill, int at, byte b)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, fill);
        bytes[at] = b;
        return bytes;
    }

    private static bool StartsAbsoluteOrAuthority(byte[] s) =>
        char.IsAsciiLetterOrDigit((char)s[0]) && Array.IndexOf(s, (byte)':') > 0;
}
