using System.Text;
using Squall.Web;

namespace Squall.Fuzz;

/// <summary>
/// Signed cookie values. Invariants: decoding arbitrary text never throws and, without the secret, never yields a
/// value; a value signed with the secret decodes to itself; changing any one character of a signed value (other than
/// the hex signature's letter case) makes it fail.
/// </summary>
internal static class SignedValueTarget
{
    private const string Secret = "fuzzing secret";
    private const long Now = 1_800_000_000;

    public static void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        // Arbitrary input: a forged value would need the HMAC.
        InvariantException.Check(SignedValue.Decode(Secret, "c", text, 31, Now) is null, "an unsigned value decoded");

        string signed = SignedValue.Create(Secret, "c", text, Now);
        InvariantException.Check(SignedValue.Decode(Secret, "c", signed, 31, Now) == text, "a signed value did not decode to itself");
        InvariantException.Check(SignedValue.Decode(Secret, "other", signed, 31, Now) is null, "a value signed for one cookie decoded as another");
        InvariantException.Check(SignedValue.Decode(Secret + "!", "c", signed, 31, Now) is null, "a value decoded with the wrong secret");
        InvariantException.Check(SignedValue.Decode(Secret, "c", signed, 31, Now + 32 * 86400) is null, "an expired value decoded");

        if (input.Length == 0) return;
        int at = input[0] % signed.Length;
        char original = signed[at];
        char replacement = original == 'x' ? 'y' : 'x';
        string tampered = signed[..at] + replacement + signed[(at + 1)..];
        InvariantException.Check(SignedValue.Decode(Secret, "c", tampered, 31, Now) is null, $"a value with character {at} changed still decoded");
    }
}
