using System.Reflection;
using System.Text;
using Squall.Http;
using Squall.Web;

namespace Squall.Generators.Tests;

/// <summary>
/// Constructor injection: the generator emits one <c>GetService(typeof(T))</c> per constructor parameter, the
/// application makes one request scope per request (disposed when it completes), optional (nullable) services may be
/// missing, and a missing required service stops the application at start-up, naming handler, parameter and type.
/// </summary>
public sealed class ServiceDispatchTests
{
    private const string Source = GeneratorHarness.Usings + """
        using System.Collections.Generic;
        using System.Text;
        namespace Di;

        [Route("/greet/{name}")]
        public sealed class GreetHandler : RequestHandler
        {
            private readonly List<string> _log;      // a singleton
            private readonly StringBuilder _scratch; // scoped: one per request
            public GreetHandler(List<string> log, StringBuilder scratch) { _log = log; _scratch = scratch; }
            public void Get(string name)
            {
                _scratch.Append("hello ").Append(name);
                _log.Add(_scratch.ToString());
                Write(_scratch.ToString() + " #" + _log.Count);
            }
        }

        [Route("/optional")]
        public sealed class OptionalHandler(System.IFormatProvider? format) : RequestHandler
        {
            public void Get() => Write(format is null ? "no format" : "format");
        }

        [Route("/plain")]
        public sealed class PlainHandler : RequestHandler
        {
            public void Get() => Write("plain");
        }
        """;

    private static readonly Lazy<(Assembly Assembly, string Routes)> Compiled = new(() =>
    {
        var output = GeneratorHarness.Run(Source);
        return (GeneratorHarness.Load(output.Compilation), output.Routes);
    });

    private static RouteTable Table =>
        (RouteTable)Compiled.Value.Assembly.GetType("Squall.Generated.Routes")!.GetProperty("Table")!.GetValue(null)!;

    /// <summary>A tiny container: List&lt;string&gt; is a singleton, StringBuilder is made per scope.</summary>
    private sealed class TestScopes(params Type[] unresolvable) : IRequestScopeFactory
    {
        public List<string> Singleton { get; } = new();

        public List<TestScope> Scopes { get; } = new();

        public IRequestScope CreateScope()
        {
            var scope = new TestScope(this);
            Scopes.Add(scope);
            return scope;
        }

        public bool CanResolve(Type serviceType) => !unresolvable.Contains(serviceType) && (serviceType == typeof(List<string>) || serviceType == typeof(StringBuilder));
    }

    private sealed class TestScope(TestScopes owner) : IRequestScope, IServiceProvider
    {
        public StringBuilder? Scoped { get; private set; }

        public bool Disposed { get; private set; }

        public IServiceProvider Services => this;

        public object? GetService(Type serviceType) =>
            serviceType == typeof(List<string>) ? owner.Singleton
            : serviceType == typeof(StringBuilder) ? Scoped ??= new StringBuilder()
            : null;

        public void Dispose() => Disposed = true;
    }

    private static RecordingConnection Send(Application app, string uri)
    {
        var connection = new RecordingConnection();
        var request = new HttpServerRequest(connection) { Method = "GET", Uri = uri };
        var future = ((IHttpHandler)app).RequestReceived(request);
        Assert.True(future.IsDone);
        future.ThrowIfFailed();
        Assert.True(connection.Finished);
        return connection;
    }

    [Fact]
    public void EachRequestGetsItsOwnScopeAndTheScopeIsDisposedAfterIt()
    {
        var scopes = new TestScopes();
        var app = new Application(Table, new ApplicationSettings { RequestScopes = scopes, Logger = new DispatchTests.NullLogger() });
        Assert.Equal("hello ann #1", Send(app, "/greet/ann").Body);
        Assert.Equal("hello bob #2", Send(app, "/greet/bob").Body); // a fresh scoped StringBuilder, the same singleton list
        Assert.Equal(["hello ann", "hello bob"], scopes.Singleton);
        Assert.Equal(2, scopes.Scopes.Count);
        Assert.All(scopes.Scopes, s => Assert.True(s.Disposed));
        Assert.NotSame(scopes.Scopes[0].Scoped, scopes.Scopes[1].Scoped);
    }

    [Fact]
    public void AnOptionalServiceMayBeMissingAndParameterlessHandlersTakeNoScope()
    {
        var scopes = new TestScopes();
        var app = new Application(Table, new ApplicationSettings { RequestScopes = scopes, Logger = new DispatchTests.NullLogger() });
        Assert.Equal("no format", Send(app, "/optional").Body);
        Assert.Single(scopes.Scopes);
        Assert.Equal("plain", Send(app, "/plain").Body);
        Assert.Single(scopes.Scopes); // the plain handler was made without one
    }

    [Fact]
    public void AMissingServiceIsAStartUpErrorNamingHandlerAndType()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new Application(Table, new ApplicationSettings { RequestScopes = new TestScopes(typeof(StringBuilder)), Logger = new DispatchTests.NullLogger() }));
        Assert.Equal("Cannot serve these routes: handler Di.GreetHandler needs a service of type 'System.Text.StringBuilder', which is not registered.", error.Message);
    }

    [Fact]
    public void HandlersWithServicesNeedRequestScopes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Application(Table, new ApplicationSettings { Logger = new DispatchTests.NullLogger() }));
        Assert.Contains("handler Di.GreetHandler takes services in its constructor (System.Collections.Generic.List`1[System.String], System.Text.StringBuilder)", error.Message);
        Assert.Contains("handler Di.OptionalHandler takes services in its constructor ()", error.Message);
        Assert.Contains("Squall.Hosting", error.Message);
    }

    [Fact]
    public void TheGeneratedFactoryResolvesEachParameterByType()
    {
        string routes = Compiled.Value.Routes;
        Assert.Contains("new global::Di.GreetHandler(\n    global::Squall.Web.HandlerServices.Require<global::System.Collections.Generic.List<string>>(services, \"Di.GreetHandler\", \"log\"),\n    global::Squall.Web.HandlerServices.Require<global::System.Text.StringBuilder>(services, \"Di.GreetHandler\", \"scratch\"));", routes.Replace("\r\n", "\n").Replace("        ", ""));
        Assert.Contains("global::Squall.Web.HandlerServices.Optional<global::System.IFormatProvider>(services));", routes);
        Assert.Contains("{ CreateFromServices = CreateFromServices_1, ServiceTypes = new global::System.Type[] {  } }", routes);
        Assert.Contains("global::Squall.Web.HandlerPool<global::Di.PlainHandler>.Rent()", routes);
    }
}
