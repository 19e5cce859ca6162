using Squall.Analyzers.Routes;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>The rules added with the one handler model: where each points and what its message says.</summary>
public sealed class HandlerModelRuleTests
{
    [Fact]
    public Task SQ2010OverloadedVerbPointsAtTheSecondOverload() => AnalyzerVerifier.VerifyAsync(new SQ2010OverloadedVerb(), Sources.WithUsings("""
        [Route("/items/{id:int}")]
        public sealed class H : RequestHandler
        {
            public void Get(int id) { }
            public void [|Get|](int id, string more) { }
            public void Post(int id) { }
        }
        """), new Expected("SQ2010", "'H.Get' is declared 2 times, but a request chooses a verb method by its HTTP method alone; keep one 'Get' and give it optional parameters for the variants"));

    [Fact]
    public Task SQ2011VerbTheDispatchCannotCall() => AnalyzerVerifier.VerifyAsync(new SQ2011VerbNotCallable(), Sources.WithUsings("""
        [Route("/a")]
        public sealed class A : RequestHandler { private void [|Get|]() { } }
        [Route("/b")]
        public sealed class B : RequestHandler { public void [|Get|]<T>() { } }
        public abstract class Base : RequestHandler { protected void [|Post|]() { } }
        [Route("/c")]
        public sealed class C : Base { }
        """),
        new Expected("SQ2011", "Verb method 'A.Get' is private, so the generated dispatch cannot call it; make it public (or internal)"),
        new Expected("SQ2011", "Verb method 'B.Get' is generic, so nothing can supply its type arguments; remove its type parameters"),
        new Expected("SQ2011", "Verb method 'C.Post' is protected, so the generated dispatch cannot call it; make it public (or internal)"));

    [Fact]
    public Task SQ2012RefOutInParams() => AnalyzerVerifier.VerifyAsync(new SQ2012UnbindableParameterModifier(), Sources.WithUsings("""
        [Route("/a/{id}")]
        public sealed class H : RequestHandler
        {
            public void Get(ref string [|id|]) { }
            public void Post(params string[] [|id|]) { }
        }
        """),
        new Expected("SQ2012", "Parameter 'id' of 'H.Get' is declared 'ref', but route values are passed by value, one per parameter; remove 'ref'"),
        new Expected("SQ2012", "Parameter 'id' of 'H.Post' is declared 'params', but route values are passed by value, one per parameter; remove 'params'"));

    [Fact]
    public Task SQ2013RouteNames() => AnalyzerVerifier.VerifyAsync(new SQ2013InvalidRouteName(), Sources.WithUsings("""
        [Route("/a", Name = [|"user-page"|])]
        [Route("/b", Name = [|"class"|])]
        [Route("/c", Name = [|"ToString"|])]
        [Route("/d", Name = "UserPage")]
        public sealed class H : RequestHandler { public void Get() { } }
        """),
        new Expected("SQ2013", "Route name 'user-page' on 'H' cannot name the URL builder 'Urls.user-page(...)'; use a C# identifier that is neither a keyword nor an object member (Equals, ToString, ...)"),
        new Expected("SQ2013", "Route name 'class' on 'H' cannot name the URL builder 'Urls.class(...)'; use a C# identifier that is neither a keyword nor an object member (Equals, ToString, ...)"),
        new Expected("SQ2013", "Route name 'ToString' on 'H' cannot name the URL builder 'Urls.ToString(...)'; use a C# identifier that is neither a keyword nor an object member (Equals, ToString, ...)"));

    [Fact]
    public Task SQ2014TemplateAndRegexOnOneRoute() => AnalyzerVerifier.VerifyAsync(new SQ2014TemplateAndRegex(), Sources.WithUsings("""
        [[|Route("/archive", Regex = "/archive/([0-9]+)")|]]
        public sealed class H : RequestHandler { public void Get(string year) { } }
        """), new Expected("SQ2014", "The route on 'H' has both template '/archive' and Regex '/archive/([0-9]+)'; a route is one or the other, so remove one (add a second [Route] for the other)"));

    [Fact]
    public Task SQ2015SeventeenParameters() => AnalyzerVerifier.VerifyAsync(new SQ2015TooManyRouteValues(), Sources.WithUsings("""
        [Route([|"/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}"|])]
        [Route("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}")]
        public sealed class H : RequestHandler
        {
            public void Get(string a, string b, string c, string d, string e, string f, string g, string h, string i,
                string j, string k, string l, string m, string n, string o, string p, string q = "") { }
        }
        """), new Expected("SQ2015", "Route template '/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}' has 17 parameters, more than the 16 one route can hold; take fewer values from the path (a catch-all '{*rest}' takes the rest as one)"));

    [Fact]
    public Task SQ2005UnconstrainedSegmentAndRegexGroups() => AnalyzerVerifier.VerifyAsync(new SQ2005ConstraintTypeMismatch(), Sources.WithUsings("""
        [Route("/a/{id}")]
        public sealed class A : RequestHandler { public void Get(int [|id|]) { } }
        [Route(Regex = "/b/([0-9]+)")]
        public sealed class B : RequestHandler { public void Get(long [|id|]) { } }
        """),
        new Expected("SQ2005", "Parameter 'id' is 'int' but route '/a/{id}' gives it as 'string'; declare it as 'string' or constrain the segment: '{id:int}'"),
        new Expected("SQ2005", "Parameter 'id' is 'long' but regex route '/b/([0-9]+)' gives every group as a string; declare it as 'string' (or 'string?' for an optional group)"));
}

/// <summary>SQ2017: routes the generator serves but gives no URL builder, from the emitter's own naming.</summary>
public sealed class UrlBuilderRuleTests
{
    [Fact]
    public Task SQ2017SameBuilderTwiceOrAnUnusableDefaultName() => AnalyzerVerifier.VerifyAsync(new SQ2017UrlBuilderNotGenerated(), Sources.WithUsings("""
        namespace A
        {
            [Route("/a/users/{id:int}")]
            public sealed class UserHandler : RequestHandler { public void Get(int id) { } }
        }
        namespace B
        {
            [Route([|"/b/users/{id:int}"|])]
            [Route("/b/users/{name}")]
            public sealed class UserHandler : RequestHandler { public void Get(string id = "", string name = "") { } }
            [Route([|"/equals"|])]
            public sealed class EqualsHandler : RequestHandler { public void Get() { } }
            [Route("/equals/named", Name = "Same")]
            public sealed class NamedHandler : RequestHandler { public void Get() { } }
        }
        """),
        new Expected("SQ2017", "Route '/b/users/{id:int}' on 'UserHandler' gets no URL builder: 'Urls.User(int)' is already generated for route '/a/users/{id:int}' on 'UserHandler'; give one of them another Name"),
        new Expected("SQ2017", "Route '/equals' on 'EqualsHandler' gets no URL builder: its default name 'Equals' is a keyword or a member of every object; give it a Name"));
}
