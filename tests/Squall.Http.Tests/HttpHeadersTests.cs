using Squall.Http;

namespace Squall.Http.Tests;

/// <summary>
/// Setting and removing headers: a name set again keeps its place with the one new value (Tornado's
/// <c>HTTPHeaders.__setitem__</c>, a dict assignment), names compare case-insensitively whether or not the strings are
/// the same object, and the other entries keep their order.
/// </summary>
public sealed class HttpHeadersTests
{
    private static string Listing(HttpHeaders headers) => string.Join("|", headers.GetAll().Select(e => e.Key + "=" + e.Value));

    [Fact]
    public void Setting_a_present_name_replaces_its_values_in_place()
    {
        var headers = new HttpHeaders { { "Content-Type", "text/html" }, { "Vary", "Accept" }, { "vary", "Cookie" }, { "X-A", "1" } };
        headers["VARY"] = "Origin";
        Assert.Equal("Content-Type=text/html|VARY=Origin|X-A=1", Listing(headers));
        headers["content-type"] = "text/plain";
        Assert.Equal("content-type=text/plain|VARY=Origin|X-A=1", Listing(headers));
        Assert.Equal(3, headers.Count);
    }

    [Fact]
    public void Setting_an_absent_name_appends_and_setting_null_removes()
    {
        var headers = new HttpHeaders { { "A", "1" }, { "B", "2" }, { "a", "3" } };
        headers["C"] = "4";
        Assert.Equal("A=1|B=2|a=3|C=4", Listing(headers));
        headers["a"] = null;
        Assert.Equal("B=2|C=4", Listing(headers));
        Assert.Null(headers["A"]);
        Assert.Equal(2, headers.Count);
    }

    [Fact]
    public void Remove_takes_every_value_of_the_name_and_keeps_the_rest_in_order()
    {
        var headers = new HttpHeaders { { "Set-Cookie", "a=1" }, { "X", "1" }, { "set-cookie", "b=2" }, { "Y", "2" }, { "SET-COOKIE", "c=3" } };
        Assert.True(headers.Remove("Set-Cookie"));
        Assert.Equal("X=1|Y=2", Listing(headers));
        Assert.False(headers.Remove("Set-Cookie"));
        Assert.False(headers.Remove("Z"));
        Assert.Equal("X=1|Y=2", Listing(headers));
        // The freed slots are reusable: adding after removals keeps the count and order right.
        headers.Add("Z", "3");
        Assert.Equal("X=1|Y=2|Z=3", Listing(headers));
    }

    [Fact]
    public void Names_match_case_insensitively_in_distinct_string_objects()
    {
        var headers = new HttpHeaders();
        string stored = new string("If-None-Match".ToCharArray()); // not the interned literal
        headers.Add(stored, "\"x\"");
        Assert.True(headers.ContainsKey("if-none-match"));
        Assert.True(headers.TryGetFirst(new string("IF-NONE-MATCH".ToCharArray()), out var value));
        Assert.Equal("\"x\"", value);
        Assert.False(headers.ContainsKey("If-None-Matc"));
        Assert.False(headers.ContainsKey(null!));
        Assert.Null(headers[null!]);
    }

    [Fact]
    public void Clear_empties_and_the_collection_refills()
    {
        var headers = new HttpHeaders();
        for (int i = 0; i < 20; i++) headers.Add("H" + i, i.ToString());
        headers.Clear();
        Assert.Equal(0, headers.Count);
        Assert.Equal("", Listing(headers));
        headers["Content-Type"] = "text/plain";
        Assert.Equal("Content-Type=text/plain", Listing(headers));
    }
}
