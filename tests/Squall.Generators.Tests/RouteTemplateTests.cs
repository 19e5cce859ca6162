using Squall.Generators.Routing;

namespace Squall.Generators.Tests;

/// <summary>The template grammar, valid and invalid, as data.</summary>
public sealed class RouteTemplateTests
{
    [Theory]
    [InlineData("/", "")]
    [InlineData("/users", "users")]
    [InlineData("/users/{id:int}", "users,{id:int}")]
    [InlineData("/a/{b}/{c:long}/{d:guid}/{e:bool}/{*rest}", "a,{b},{c:long},{d:guid},{e:bool},{*rest}")]
    [InlineData("/{*all}", "{*all}")]
    [InlineData("/caf%C3%A9/x.json", "caf%C3%A9,x.json")]
    public void ParsesValidTemplates(string text, string segments)
    {
        var template = RouteTemplate.Parse(text);
        Assert.True(template.IsValid, string.Join("; ", template.Errors));
        Assert.Equal(segments, string.Join(",", template.Segments));
    }

    [Theory]
    [InlineData("", RouteTemplateErrorKind.Empty, 0)]
    [InlineData("users", RouteTemplateErrorKind.MissingLeadingSlash, 0)]
    [InlineData("/a//b", RouteTemplateErrorKind.EmptySegment, 3)]
    [InlineData("/a/", RouteTemplateErrorKind.EmptySegment, 3)]
    [InlineData("/a/{id", RouteTemplateErrorKind.UnclosedBrace, 3)]
    [InlineData("/a/id}", RouteTemplateErrorKind.UnexpectedBrace, 5)]
    [InlineData("/a/x{id}", RouteTemplateErrorKind.PartialSegmentParameter, 4)]
    [InlineData("/a/{}", RouteTemplateErrorKind.EmptyParameterName, 4)]
    [InlineData("/a/{:int}", RouteTemplateErrorKind.EmptyParameterName, 4)]
    [InlineData("/a/{1x}", RouteTemplateErrorKind.InvalidParameterName, 4)]
    [InlineData("/a/{x:float}", RouteTemplateErrorKind.UnknownConstraint, 6)]
    [InlineData("/a/{*x:int}", RouteTemplateErrorKind.ConstrainedCatchAll, 6)]
    [InlineData("/{*x}/b", RouteTemplateErrorKind.CatchAllNotLast, 1)]
    [InlineData("/{x}/{x}", RouteTemplateErrorKind.DuplicateParameter, 5)]
    [InlineData("/a?b=1", RouteTemplateErrorKind.InvalidCharacter, 2)]
    [InlineData("/a b", RouteTemplateErrorKind.InvalidCharacter, 2)]
    public void ReportsErrorsAsData(string text, RouteTemplateErrorKind kind, int position)
    {
        var template = RouteTemplate.Parse(text);
        Assert.False(template.IsValid);
        Assert.Empty(template.Segments);
        var error = template.Errors[0];
        Assert.Equal(kind, error.Kind);
        Assert.Equal(position, error.Position);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void SamePathsIgnoresParameterNames()
    {
        Assert.True(RouteTemplate.Parse("/u/{id:int}").MatchesSamePathsAs(RouteTemplate.Parse("/u/{n:int}")));
        Assert.False(RouteTemplate.Parse("/u/{id:int}").MatchesSamePathsAs(RouteTemplate.Parse("/u/{n}")));
        Assert.False(RouteTemplate.Parse("/u/a").MatchesSamePathsAs(RouteTemplate.Parse("/u/b")));
    }
}
