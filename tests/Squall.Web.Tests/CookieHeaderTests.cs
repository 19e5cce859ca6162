namespace Squall.Web.Tests;

/// <summary>The request Cookie header parser, with the inputs the cookie fuzz target found (fuzz/findings/cookie).</summary>
public sealed class CookieHeaderTests
{
    [Theory]
    [InlineData(" =x; a=1", "a=1")]
    [InlineData("  = d ; b==c", "b==c")]
    [InlineData("a=1; b=\"two words\"; a=dup; =x; ;", "a=1|b=two words")]
    public void Pairs_without_a_name_are_skipped(string header, string expected)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        CookieHeader.Parse(header, cookies);
        Assert.Equal(expected, string.Join("|", cookies.Select(c => c.Key + "=" + c.Value)));
        Assert.DoesNotContain("", cookies.Keys);
    }
}
