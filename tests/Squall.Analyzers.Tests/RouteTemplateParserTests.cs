using Squall.Analyzers.Routing;

namespace Squall.Analyzers.Tests;

public sealed class RouteTemplateParserTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/users/{id:int}", "/users/{:int}")]
    [InlineData("/a/{name}/{*rest}", "/a/{}/{*}")]
    [InlineData("/files/", "/files/")]
    [InlineData("/x/{g:guid}/{b:bool}/{l:long}", "/x/{:guid}/{:bool}/{:long}")]
    public void ValidTemplatesHaveAShape(string template, string shape)
    {
        var result = RouteTemplateParser.Parse(template);
        Assert.Null(result.Error);
        Assert.Equal(shape, result.Template!.Shape);
    }

    [Theory]
    [InlineData("users", "it must start with '/'")]
    [InlineData("/a//b", "it has an empty segment '//'")]
    [InlineData("/a/{id", "segment '{id' has unbalanced braces or mixes text and a parameter")]
    [InlineData("/a/id}", "segment 'id}' has unbalanced braces or mixes text and a parameter")]
    [InlineData("/a/x{id}", "segment 'x{id}' has unbalanced braces or mixes text and a parameter")]
    [InlineData("/a/{}", "a parameter has an empty name")]
    [InlineData("/a/{:int}", "a parameter has an empty name")]
    [InlineData("/a/{1x}", "parameter name '1x' is not a C# identifier")]
    [InlineData("/a/{id}/{id}", "parameter 'id' appears twice")]
    [InlineData("/a/{id:float}", "constraint 'float' of 'id' is unknown (use int, long, guid or bool)")]
    [InlineData("/a/{*rest}/b", "catch-all '{*rest}' must be the last segment")]
    [InlineData("/a/{*rest:int}", "catch-all '{*rest}' cannot have a constraint")]
    public void MalformedTemplatesSayWhy(string template, string error) => Assert.Equal(error, RouteTemplateParser.Parse(template).Error);

    [Theory]
    [InlineData("/i/{a:long}", "/i/{b:int}", true)]
    [InlineData("/i/{a:int}", "/i/{b:long}", false)]
    [InlineData("/i/{a}", "/i/{b:int}", false)]   // typed is tried before string
    [InlineData("/i/{a}", "/i/x", false)]         // literal is tried before a parameter
    [InlineData("/i/{*a}", "/i/{*b}", true)]
    [InlineData("/i/{a:int}", "/j/{b:int}", false)]
    public void Shadowing(string earlier, string later, bool shadows) =>
        Assert.Equal(shadows, RouteTemplateParser.Parse(earlier).Template!.Shadows(RouteTemplateParser.Parse(later).Template!));
}
