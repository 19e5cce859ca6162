namespace Squall.Web.Tests;

/// <summary>Signed values: round trip, max age, clock skew, and binding to the cookie's name and secret.</summary>
public sealed class SignedValueTests
{
    private const long Now = 1_800_000_000;

    [Fact]
    public void RoundTripsAndExpires()
    {
        string signed = SignedValue.Create("k", "who", "alice|bob=;", Now);
        Assert.Equal("alice|bob=;", SignedValue.Decode("k", "who", signed, maxAgeDays: 31, Now));
        Assert.Equal("alice|bob=;", SignedValue.Decode("k", "who", signed, maxAgeDays: 31, Now + 30 * 86400));
        Assert.Null(SignedValue.Decode("k", "who", signed, maxAgeDays: 31, Now + 32 * 86400));
        Assert.Null(SignedValue.Decode("k", "who", signed, maxAgeDays: 31, Now - 40 * 86400)); // from the future
    }

    [Fact]
    public void BoundToNameAndSecret()
    {
        string signed = SignedValue.Create("k", "who", "alice", Now);
        Assert.Null(SignedValue.Decode("k", "admin", signed, 31, Now));
        Assert.Null(SignedValue.Decode("other", "who", signed, 31, Now));
        Assert.Null(SignedValue.Decode("k", "who", signed + "0", 31, Now));
        Assert.Null(SignedValue.Decode("k", "who", "not|signed|zz", 31, Now));
    }

    [Theory]
    [InlineData("?>>", "Pz4-")] // '+' in standard base64 becomes '-'
    [InlineData("??", "Pz8")] // '/' would follow; no padding
    [InlineData("ÿÿ", "w7_Dvw")] // UTF-8 bytes c3 bf c3 bf: '_' for '/'
    [InlineData("", "")]
    public void TheValueIsUnpaddedBase64Url(string value, string encoded)
    {
        string signed = SignedValue.Create("k", "n", value, Now);
        Assert.Equal(encoded, signed.Split('|')[0]);
        Assert.Equal(value, SignedValue.Decode("k", "n", signed, 31, Now));
    }

    [Fact]
    public void ValuesOfEveryLengthRoundTrip()
    {
        for (int length = 0; length < 40; length++)
        {
            string value = new(Enumerable.Range(0, length).Select(i => (char)('\u00e0' + i % 31)).ToArray());
            Assert.Equal(value, SignedValue.Decode("k", "n", SignedValue.Create("k", "n", value, Now), 31, Now));
        }
    }
}
