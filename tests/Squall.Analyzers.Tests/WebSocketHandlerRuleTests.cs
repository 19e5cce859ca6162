using Microsoft.CodeAnalysis;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Routes;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>WebSocket handlers in the shared model and the loop rules: Open binds like a verb, callbacks run on the loop.</summary>
public sealed class WebSocketHandlerRuleTests
{
    [Fact]
    public Task OpenBoundToTheRouteIsClean() => AnalyzerVerifier.VerifyAsync(new SQ2004UnboundRouteParameter(), Sources.WithUsings("""
        [Route("/rooms/{room}/{id:int}")]
        public sealed class Room : WebSocketHandler
        {
            public Future Open(string room, int id) => Future.Completed;
        }

        [Route("/plain")]
        public sealed class NoOpen : WebSocketHandler { }
        """));

    [Fact]
    public Task OpenMissingARouteValueIsSQ2004() => AnalyzerVerifier.VerifyAsync(new SQ2004UnboundRouteParameter(), Sources.WithUsings("""
        [Route([|"/rooms/{room}"|])]
        public sealed class Room : WebSocketHandler
        {
            public void Open() { }
        }
        """), new Expected("SQ2004", "Route parameter 'room' of '/rooms/{room}' has no parameter of that name on 'Room.Open'; add a parameter 'room' to 'Room.Open' or rename it", DiagnosticSeverity.Error));

    [Fact]
    public Task RouteValuesWithoutAnOpenAreSQ2004() => AnalyzerVerifier.VerifyAsync(new SQ2004UnboundRouteParameter(), Sources.WithUsings("""
        [Route([|"/rooms/{room}"|])]
        public sealed class Room : WebSocketHandler { }
        """), new Expected("SQ2004", "Route parameter 'room' of '/rooms/{room}' has no parameter of that name on 'Room.Open'; add a parameter 'room' to 'Room.Open' or rename it", DiagnosticSeverity.Error));

    [Fact]
    public Task OpenParameterOfTheWrongTypeIsSQ2005() => AnalyzerVerifier.VerifyAsync(new SQ2005ConstraintTypeMismatch(), Sources.WithUsings("""
        [Route("/rooms/{id:int}")]
        public sealed class Room : WebSocketHandler
        {
            public void Open(Guid [|id|]) { }
        }
        """), new Expected("SQ2005", "Parameter 'id' is 'Guid' but route '/rooms/{id:int}' gives it as 'int'; declare it as 'int' or 'string'", DiagnosticSeverity.Error));

    [Fact]
    public Task VerbMethodOnAWebSocketHandlerIsSQ2016() => AnalyzerVerifier.VerifyAsync(new SQ2016VerbOnWebSocketHandler(), Sources.WithUsings("""
        [Route("/ws")]
        public sealed class Socket : WebSocketHandler
        {
            public void Open() { }
            public void [|Post|]() { }
        }
        """), new Expected("SQ2016", "'Socket.Post' is a verb method, but WebSocket handler 'Socket' answers only the GET upgrade; take route values in 'Open(...)', handle messages in 'OnMessage', and serve plain HTTP from a separate RequestHandler", DiagnosticSeverity.Error));

    [Fact]
    public Task OpenReturningSomethingElseIsSQ2008() => AnalyzerVerifier.VerifyAsync(new SQ2008VerbReturnType(), Sources.WithUsings("""
        [Route("/ws")]
        public sealed class Socket : WebSocketHandler
        {
            public [|int|] Open() => 1;
        }
        """), new Expected("SQ2008", "Verb method 'Open' returns 'int'; a verb method returns 'void' or 'Future' (write the response with Write)", DiagnosticSeverity.Error));

    [Fact]
    public Task BlockingInsideWebSocketCallbacksIsSQ1001() => AnalyzerVerifier.VerifyAsync(new SQ1001BlockingCallOnLoop(), Sources.WithUsings("""
        [Route("/ws")]
        public sealed class Socket : WebSocketHandler
        {
            public void Open() { Thread.[|Sleep|](1); }
            public override Future OnMessage(Squall.Http.WebSocketMessage message) { Thread.[|Sleep|](1); return Future.Completed; }
            public override void OnClose() { Thread.[|Sleep|](1); }
        }

        public sealed class NotASocket
        {
            public void OnMessage() { Thread.Sleep(1); } // not framework code: nothing to report
        }
        """),
        new Expected("SQ1001", "'Thread.Sleep' blocks the IOLoop thread; use 'await Gen.Sleep(...)' instead", DiagnosticSeverity.Warning),
        new Expected("SQ1001", "'Thread.Sleep' blocks the IOLoop thread; use 'await Gen.Sleep(...)' instead", DiagnosticSeverity.Warning),
        new Expected("SQ1001", "'Thread.Sleep' blocks the IOLoop thread; use 'await Gen.Sleep(...)' instead", DiagnosticSeverity.Warning));
}
