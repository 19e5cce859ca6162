namespace Squall.Generators.Tests;

/// <summary>WebSocket handlers: the upgrade dispatch binds route values to Open (void, Future, absent), and compiles cleanly.</summary>
public sealed class WebSocketGeneratorTests
{
    public const string Sources = GeneratorHarness.Usings + """
        namespace App
        {
            [Route("/ws/echo")]
            public sealed class EchoSocket : WebSocketHandler
            {
                public override Future OnMessage(Squall.Http.WebSocketMessage message) => WriteMessage(message);
            }

            [Route("/rooms/{room}/{seat:int}")]
            public sealed class RoomSocket : WebSocketHandler
            {
                public void Open(string room, int seat) { }
            }

            [Route("/feeds/{id:guid}")]
            public sealed class FeedSocket : WebSocketHandler
            {
                public async Future Open(System.Guid id) => await Gen.Moment;
            }
        }
        """;

    [Fact]
    public void UpgradeDispatchMatchesBaselineAndCompiles()
    {
        var output = GeneratorHarness.Run(Sources);
        Assert.Null(output.GeneratorException);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.Problems);
        Approvals.Verify("WebSocket.Routes", output.Routes);
        // A WebSocket handler holds its connection's state: never pooled.
        Assert.DoesNotContain("HandlerPool", output.Routes);
        // GET is the upgrade; anything else is 405 with Allow: GET.
        Assert.Contains("return handler.RejectMethod(\"GET\");", output.Routes);
        Assert.Contains("handler.AcceptWebSocket(() => { handler.Open(room, seat);", output.Routes.Replace("global::Squall.Web.RoutePath.ParseInt32(values[1])", "seat"));
    }
}
