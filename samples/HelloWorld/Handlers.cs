using System.Text.Json.Serialization;
using Squall;
using Squall.Web;

namespace HelloWorld;

/// <summary><c>GET /</c> → the classic greeting (text/html, as Tornado's default).</summary>
[Route("/")]
public sealed class MainHandler : RequestHandler
{
    public void Get() => Write("Hello, world");
}

/// <summary><c>GET /plaintext</c>: the TechEmpower plaintext test; allocates nothing per request in steady state.</summary>
[Route("/plaintext")]
public sealed class PlaintextHandler : RequestHandler
{
    private static ReadOnlySpan<byte> Body => "Hello, World!"u8;

    public void Get()
    {
        SetHeader("Content-Type", "text/plain");
        Write(Body);
    }
}

/// <summary><c>GET /json</c>: the TechEmpower JSON test, serialized by System.Text.Json source generation.</summary>
[Route("/json")]
public sealed class JsonHandler : RequestHandler
{
    public void Get() => Write(new Message("Hello, World!"), HelloJsonContext.Default.Message);
}

/// <summary><c>GET /users/{id:int}</c> → <c>{"id":5}</c>; other ids do not match (404).</summary>
[Route("/users/{id:int}", Name = "User")]
public sealed class UserHandler : RequestHandler
{
    public void Get(int id) => Write(new UserId(id), HelloJsonContext.Default.UserId);
}

/// <summary><c>GET /async</c>: the same text through a coroutine, to compare sync and async handler costs.</summary>
[Route("/async")]
public sealed class AsyncHandler : RequestHandler
{
    public async Future Get()
    {
        await Gen.Moment;
        SetHeader("Content-Type", "text/plain");
        Write("Hello, World!"u8);
    }
}

public sealed record Message(string message);

public sealed record UserId(int id);

[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(UserId))]
internal sealed partial class HelloJsonContext : JsonSerializerContext
{
}

/// <summary>
/// <c>/ws/echo</c>: a WebSocket that echoes every message as it came (text as text, binary as binary) and accepts
/// permessage-deflate when the client offers it.
/// </summary>
[Route("/ws/echo")]
public sealed class EchoSocketHandler : WebSocketHandler
{
    private static readonly Squall.Http.WebSocketCompressionOptions Compression = new();

    public override Squall.Http.WebSocketCompressionOptions? GetCompressionOptions() => Compression;

    public override Future OnMessage(Squall.Http.WebSocketMessage message) => WriteMessage(message);
}
