using Squall.Analyzers.Routes;
using Squall.Generators.Routing;

namespace Squall.Analyzers.Tests;

/// <summary>The analyzer-side comparisons over the generator's shared route parser.</summary>
public sealed class RouteShapesTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/users/{id:int}", "/users/{:int}")]
    [InlineData("/a/{name}/{*rest}", "/a/{}/{*}")]
    [InlineData("/x/{g:guid}/{b:bool}/{l:long}", "/x/{:guid}/{:bool}/{:long}")]
    public void KeysEraseParameterNames(string template, string key) => Assert.Equal(key, RouteShapes.Key(RouteTemplate.Parse(template)));

    [Theory]
    [InlineData("/i/{a:long}", "/i/{b:int}", true)]
    [InlineData("/i/{a:int}", "/i/{b:long}", false)]
    [InlineData("/i/{a}", "/i/{b:int}", false)]   // typed is tried before string
    [InlineData("/i/{a}", "/i/x", false)]         // literal is tried before a parameter
    [InlineData("/i/{*a}", "/i/{*b}", true)]
    [InlineData("/i/{a:int}", "/j/{b:int}", false)]
    [InlineData("/i/{a:int}", "/i/{b:int}/c", false)]
    public void Shadowing(string earlier, string later, bool shadows) =>
        Assert.Equal(shadows, RouteShapes.Shadows(RouteTemplate.Parse(earlier), RouteTemplate.Parse(later)));
}
