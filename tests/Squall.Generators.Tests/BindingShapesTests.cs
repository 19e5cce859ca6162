using System.Reflection;
using Squall.Http;
using Squall.Web;

namespace Squall.Generators.Tests;

/// <summary>
/// Shapes the analyzers always accepted but the old parser skipped in silence (the route answered 404): a typed
/// segment bound to a string, a nullable value type, a <c>Future&lt;T&gt;</c> verb. The one handler model emits them.
/// </summary>
public sealed class BindingShapesTests
{
    private const string Source = GeneratorHarness.Usings + """
        namespace Shapes;

        [Route("/raw/{id:int}")]
        public sealed class RawHandler : RequestHandler
        {
            public void Get(string id) => Write("raw " + id);
        }

        [Route("/maybe/{id:int}/{key:guid}")]
        public sealed class NullableHandler : RequestHandler
        {
            public void Get(int? id, System.Guid? key) => Write("maybe " + (id + 1) + " " + key);
        }

        [Route("/typed")]
        public sealed class TypedFutureHandler : RequestHandler
        {
            public Future<int> Get()
            {
                Write("typed");
                return Future.FromResult(1);
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var output = GeneratorHarness.Run(Source);
        Assert.Empty(output.Problems);
        return GeneratorHarness.Load(output.Compilation);
    });

    [Theory]
    [InlineData("/raw/0042", "raw 0042")]
    [InlineData("/maybe/41/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "maybe 42 3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/typed", "typed")]
    public void IsEmittedAndBinds(string uri, string body)
    {
        var table = (RouteTable)Compiled.Value.GetType("Squall.Generated.Routes")!.GetProperty("Table")!.GetValue(null)!;
        var app = new Application(table, new ApplicationSettings { Logger = new DispatchTests.NullLogger() });
        var connection = new RecordingConnection();
        var future = ((IHttpHandler)app).RequestReceived(new HttpServerRequest(connection) { Method = "GET", Uri = uri });
        Assert.True(future.IsDone);
        future.ThrowIfFailed();
        Assert.Equal(200, connection.Status);
        Assert.Equal(body, connection.Body);
    }
}
