using Squall.Analyzers.Routes;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class RouteRuleTests
{
    [Fact]
    public Task SQ2001MalformedTemplatePointsAtTheString() => AnalyzerVerifier.VerifyAsync(new SQ2001MalformedRouteTemplate(), Sources.WithUsings("""
        [Route([|"/users/{id:float}"|])]
        [Route("/ok/{id:int}")]
        public sealed class H : RequestHandler { public void Get(int id) { } }
        [Route([|"/a/{*rest}/b"|])]
        public sealed class G : RequestHandler { public void Get(string rest) { } }
        """),
        new Expected("SQ2001", "Route template '/users/{id:float}' is malformed: Unknown constraint 'float'; use int, long, guid or bool (or none for a string)."),
        new Expected("SQ2001", "Route template '/a/{*rest}/b' is malformed: The catch-all '{*rest}' must be the last segment."));

    [Fact]
    public Task SQ2002SameShapeOnTwoHandlers() => AnalyzerVerifier.VerifyAsync(new SQ2002DuplicateRoute(), Sources.WithUsings("""
        [Route("/users/{id:int}")]
        public sealed class A : RequestHandler { public void Get(int id) { } }
        [Route([|"/users/{userId:int}"|])]
        public sealed class B : RequestHandler { public void Get(int userId) { } }
        [Route("/users/{name}")]
        public sealed class C : RequestHandler { public void Get(string name) { } }
        """), new Expected("SQ2002", "Route '/users/{userId:int}' on 'B' matches the same paths as route '/users/{id:int}' on 'A'; remove one or change its template"));

    [Fact]
    public Task SQ2003EarlierWiderRouteOfSamePrecedenceWins() => AnalyzerVerifier.VerifyAsync(new SQ2003UnreachableRoute(), Sources.WithUsings("""
        [Route("/items/{id:long}")]
        public sealed class A : RequestHandler { public void Get(long id) { } }
        [Route([|"/items/{id:int}"|])]
        public sealed class B : RequestHandler { public void Get(int id) { } }
        [Route("/items/{name}")]
        public sealed class C : RequestHandler { public void Get(string name) { } }
        [Route("/items/new")]
        public sealed class D : RequestHandler { public void Get() { } }
        """), new Expected("SQ2003", "Route '/items/{id:int}' on 'B' can never match: route '/items/{id:long}' on 'A' is tried first and matches every path it does; make the templates differ or reorder them"));

    [Fact]
    public Task SQ2004ParametersMustMatchByName() => AnalyzerVerifier.VerifyAsync(new SQ2004UnboundRouteParameter(), Sources.WithUsings("""
        [Route([|"/users/{id:int}"|])]
        public sealed class H : RequestHandler
        {
            public void Get(int [|userId|]) { }
            public void Post(int id, string? note = null) { }
        }
        """),
        new Expected("SQ2004", "Route parameter 'id' of '/users/{id:int}' has no parameter of that name on 'H.Get'; add a parameter 'id' to 'H.Get' or rename it"),
        new Expected("SQ2004", "Parameter 'userId' of 'H.Get' is not in route '/users/{id:int}'; add '{userId}' to the template, give it a default value or remove it"));

    [Fact]
    public async Task SQ2004MethodParameterDiagnosticIsOnTheParameter()
    {
        var source = Sources.WithUsings("""
            [Route("/users/{id:int}")]
            public sealed class H : RequestHandler { public void Get(int id, int page) { } }
            """);
        var d = Assert.Single(await AnalyzerVerifier.RunAsync(source, new SQ2004UnboundRouteParameter()));
        Assert.Equal("page", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public Task SQ2005ConstraintAndTypeDisagree() => AnalyzerVerifier.VerifyAsync(new SQ2005ConstraintTypeMismatch(), Sources.WithUsings("""
        [Route("/u/{id:int}/{g:guid}/{*rest}")]
        public sealed class H : RequestHandler
        {
            public void Get(Guid [|id|], Guid g, int [|rest|]) { }
            public void Post(string id, Guid? g, string rest) { }
        }
        """),
        new Expected("SQ2005", "Parameter 'id' is 'Guid' but route '/u/{id:int}/{g:guid}/{*rest}' gives it as 'int'; declare it as 'int' or 'string'"),
        new Expected("SQ2005", "Parameter 'rest' is 'int' but route '/u/{id:int}/{g:guid}/{*rest}' gives it as 'catch-all'; declare it as 'string'"));

    [Fact]
    public Task SQ2006RouteOnSomethingThatIsNotAHandler() => AnalyzerVerifier.VerifyAsync(new SQ2006RouteOnNonHandler(), Sources.WithUsings("""
        [[|Route("/a")|]]
        public sealed class NotAHandler { public void Get() { } }
        [[|Route("/b")|]]
        public abstract class Abstract : RequestHandler { public void Get() { } }
        [[|Route("/c")|]]
        public sealed class NeedsArgs : RequestHandler { public NeedsArgs(int x) { } public void Get() { } }
        [Route("/d")]
        public sealed class Fine : RequestHandler { public void Get() { } }
        """),
        new Expected("SQ2006", "'NotAHandler' has [Route] but it is not a RequestHandler subclass; put routes on public or internal, non-generic, non-abstract RequestHandler subclasses with a public or internal parameterless constructor"),
        new Expected("SQ2006", "'Abstract' has [Route] but it is abstract; put routes on public or internal, non-generic, non-abstract RequestHandler subclasses with a public or internal parameterless constructor"),
        new Expected("SQ2006", "'NeedsArgs' has [Route] but it has no public or internal parameterless constructor; put routes on public or internal, non-generic, non-abstract RequestHandler subclasses with a public or internal parameterless constructor"));

    [Fact]
    public Task SQ2007HandlerWithoutVerbMethod() => AnalyzerVerifier.VerifyAsync(new SQ2007HandlerWithoutVerb(), Sources.WithUsings("""
        [Route("/a")]
        public sealed class [|Empty|] : RequestHandler { public void Helper() { } }
        public abstract class Base : RequestHandler { public void Get() { } }
        [Route("/b")]
        public sealed class Inherits : Base { }
        public sealed class Unrouted : RequestHandler { }
        """), new Expected("SQ2007", "Handler 'Empty' has a route but no verb method, so every request gets 405; add 'Get', 'Post', 'Put', 'Delete', 'Patch', 'Head' or 'Options'"));

    [Fact]
    public Task SQ2008VerbReturnType() => AnalyzerVerifier.VerifyAsync(new SQ2008VerbReturnType(), Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public [|string|] Get() => "x";
            public [|Task|] Post() => Task.CompletedTask;
            public void Put() { }
            public Future Delete() => Future.Completed;
            public Future<int> Options() => Future.FromResult(1);
            // SQ3003 offers the fix; the generator cannot run it either, so it is an error here too.
            public async [|Task|] Patch() => await Task.Yield();
        }
        """),
        new Expected("SQ2008", "Verb method 'Get' returns 'string'; a verb method returns 'void' or 'Future' (write the response with Write)"),
        new Expected("SQ2008", "Verb method 'Post' returns 'Task'; a verb method returns 'void' or 'Future' (write the response with Write)"),
        new Expected("SQ2008", "Verb method 'Patch' returns 'Task'; a verb method returns 'void' or 'Future' (write the response with Write)"));

    [Fact]
    public Task SQ2009RegexRoutes() => AnalyzerVerifier.VerifyAsync(new SQ2009InvalidRegexRoute(), Sources.WithUsings("""
        [Route(Regex = [|"/a/(\\d+"|])]
        public sealed class Bad : RequestHandler { public void Get(string id) { } }
        [Route(Regex = [|"/b/(\\d+)/(\\w+)"|])]
        public sealed class Count : RequestHandler { public void Get(string id) { } }
        [Route(Regex = "/c/(\\d+)")]
        public sealed class Fine : RequestHandler { public void Get(string id) { } }
        """),
        new Expected("SQ2009", "Route regex '/a/(\\d+' does not compile: Invalid pattern '/a/(\\d+' at offset 7. Not enough )'s.; fix the pattern"),
        new Expected("SQ2009", "Route regex '/b/(\\d+)/(\\w+)' has 2 capture group(s) but 'Count.Get' takes 1 parameter(s); groups bind to parameters by position, so make the counts equal"));

    [Fact]
    public async Task ValidRoutesProduceNoRouteDiagnostics()
    {
        var source = Sources.WithUsings("""
            [Route("/")]
            public sealed class MainHandler : RequestHandler { public void Get() => Write("Hello, world"); }
            [Route("/users/{id:int}", Name = "user")]
            public sealed class UserHandler : RequestHandler { public async Future Get(int id) { await Gen.Moment; Write(id.ToString()); } }
            [Route("/files/{*path}")]
            public sealed class FileHandler : RequestHandler { public void Get(string path) { } public void Head(string path) { } }
            [Route(Regex = "/r/([a-z]+)")]
            public sealed class RegexHandler : RequestHandler { public void Get(string word) { } }
            [Route("/raw/{id:int}/{key:guid}")]
            public sealed class BindingShapes : RequestHandler { public void Get(string id, Guid? key) { } public Future<int> Post(int? id, string key) => Future.FromResult(1); }
            """);
        var diagnostics = await AnalyzerVerifier.RunAsync(source,
            new SQ2001MalformedRouteTemplate(), new SQ2002DuplicateRoute(), new SQ2003UnreachableRoute(), new SQ2004UnboundRouteParameter(),
            new SQ2005ConstraintTypeMismatch(), new SQ2006RouteOnNonHandler(), new SQ2007HandlerWithoutVerb(), new SQ2008VerbReturnType(),
            new SQ2009InvalidRegexRoute(), new SQ2010OverloadedVerb(), new SQ2011VerbNotCallable(), new SQ2012UnbindableParameterModifier(),
            new SQ2013InvalidRouteName(), new SQ2014TemplateAndRegex(), new SQ2015TooManyRouteValues());
        Assert.Empty(diagnostics);
    }
}
