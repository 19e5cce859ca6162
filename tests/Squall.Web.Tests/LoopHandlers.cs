using System.Collections.Concurrent;
using Squall.Web;

namespace Squall.Web.Tests;

/// <summary><c>GET /loop</c>: names the loop thread that served the request.</summary>
[Route("/loop")]
public sealed class LoopNameHandler : RequestHandler
{
    public void Get() => Write(Thread.CurrentThread.Name ?? "?");
}

/// <summary><c>GET /loop/client</c>: the identity of this loop's <c>AsyncHttpClient.Shared</c>.</summary>
[Route("/loop/client")]
public sealed class LoopClientHandler : RequestHandler
{
    public void Get() => Write(Thread.CurrentThread.Name + " " + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Squall.Http.AsyncHttpClient.Shared));
}

/// <summary><c>GET /loop/block</c>: blocks its loop's thread until the test opens <see cref="Gate"/> (on purpose).</summary>
[Route("/loop/block")]
public sealed class LoopBlockHandler : RequestHandler
{
    public static readonly ManualResetEventSlim Gate = new();

    public static readonly SemaphoreSlim Entered = new(0);

    public void Get()
    {
        Entered.Release();
        bool opened = Gate.Wait(TimeSpan.FromSeconds(60));
        Write(opened ? "unblocked" : "gate never opened");
    }
}

/// <summary><c>GET /loop/held</c>: answers only when the test completes the future it parks in <see cref="Held"/>.</summary>
[Route("/loop/held")]
public sealed class HeldHandler : RequestHandler
{
    public static readonly ConcurrentQueue<(IOLoop Loop, Future Release)> Held = new();

    public static readonly SemaphoreSlim Arrived = new(0);

    public async Future Get()
    {
        var release = new Future();
        Held.Enqueue((IOLoop.Current, release));
        Arrived.Release();
        await release;
        Write("held and released");
    }
}

/// <summary><c>/loop/ws</c>: an echoing WebSocket, to see a draining server close it with 1001.</summary>
[Route("/loop/ws")]
public sealed class LoopSocketHandler : WebSocketHandler
{
    public override Future OnMessage(Squall.Http.WebSocketMessage message) => WriteMessage(message);
}
