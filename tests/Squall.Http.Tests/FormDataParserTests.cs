using System.Text;

namespace Squall.Http.Tests;

/// <summary>Header parameters honour quoted strings (RFC 9110 §5.6.4), in multipart bodies too.</summary>
public sealed class FormDataParserTests
{
    [Theory]
    [InlineData("form-data; name=\"file\"; filename=\"a;b.txt\"", "filename", "a;b.txt")]
    [InlineData("form-data; name=\"file\"; filename=\"a;b.txt\"", "name", "file")]
    [InlineData("form-data; name=\"f\"; filename=\"say \\\"hi\\\".txt\"", "filename", "say \"hi\".txt")]
    [InlineData("form-data; name=\"f\"; filename=\"back\\\\slash\"", "filename", "back\\slash")]
    [InlineData("form-data; name=\"filename=x.txt\"", "filename", null)]
    [InlineData("form-data; name=\"filename=x.txt\"", "name", "filename=x.txt")]
    [InlineData("form-data; NAME = plain ; other=1", "name", "plain")]
    [InlineData("form-data;name=\"a=b;c\";filename=f", "filename", "f")]
    [InlineData("form-data; name=\"unterminated", "name", "unterminated")]
    [InlineData("multipart/form-data; boundary=\"--b;x\"", "boundary", "--b;x")]
    [InlineData("form-data", "name", null)]
    [InlineData("name=first-segment-is-not-a-parameter", "name", null)]
    public void ParametersHonourQuotedStrings(string header, string name, string? expected) =>
        Assert.Equal(expected, FormDataParser.GetParameter(header, name));

    [Fact]
    public void AMultipartFileNameWithASemicolonIsKeptWhole()
    {
        const string body = "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"upload\"; filename=\"report;final.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "contents\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"note;1\"\r\n\r\n"
            + "hello\r\n"
            + "--XyZ--\r\n";
        var arguments = new Dictionary<string, List<string>>();
        var files = new Dictionary<string, List<HttpFile>>();
        FormDataParser.ParseBody("multipart/form-data; boundary=XyZ", Encoding.ASCII.GetBytes(body), arguments, files);
        var file = Assert.Single(files["upload"]);
        Assert.Equal("report;final.txt", file.Filename);
        Assert.Equal("contents", Encoding.ASCII.GetString(file.Body.Span));
        Assert.Equal(["hello"], arguments["note;1"]);
    }
}
