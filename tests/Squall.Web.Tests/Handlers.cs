using System.Text.Json.Serialization;
using Squall.Web;

namespace Squall.Web.Tests;

[Route("/hello")]
public sealed class HelloHandler : RequestHandler
{
    public void Get() => Write("Hello");

    public void Head() => Write("Hello");
}

[Route("/status/{code:int}")]
public sealed class StatusHandler : RequestHandler
{
    public void Get(int code)
    {
        SetStatus(code, code == 299 ? "Custom Reason" : null);
        Write("status " + code);
    }
}

[Route("/headers")]
public sealed class HeadersHandler : RequestHandler
{
    public void Get()
    {
        SetHeader("X-Test", "one");
        AddHeader("X-Multi", "a");
        AddHeader("X-Multi", "b");
        SetHeader("X-Gone", "x");
        ClearHeader("X-Gone");
        string? inject = GetArgument("inject", null);
        if (inject is not null) SetHeader("X-Inject", inject);
        Write("ok");
    }
}

[Route("/json/{id:int}")]
public sealed class JsonHandler : RequestHandler
{
    public void Get(int id) => Write(new Item(id, "thing"), TestJsonContext.Default.Item);
}

[Route("/args")]
public sealed class ArgsHandler : RequestHandler
{
    public void Get() => Write("name=" + GetArgument("name") + " all=" + string.Join(",", GetArguments("x")));

    public void Post()
    {
        string files = string.Join(",", Request.Files.SelectMany(f => f.Value).Select(f => f.Filename + ":" + f.Body.Length));
        Write("name=" + GetBodyArgument("name") + " q=" + GetQueryArgument("q", "-") + " files=" + files);
    }
}

[Route("/redirect")]
public sealed class RedirectingHandler : RequestHandler
{
    public void Get() => Redirect("/hello", permanent: GetArgument("permanent", "0") == "1");
}

[Route("/flush")]
public sealed class FlushHandler : RequestHandler
{
    public async Future Get()
    {
        Write("first;");
        await Flush();
        await Gen.Sleep(TimeSpan.FromMilliseconds(5));
        Write("second");
    }
}

[Route("/boom")]
public sealed class BoomHandler : RequestHandler
{
    public void Get() => throw new InvalidOperationException("secret detail");
}

[Route("/teapot")]
public sealed class TeapotHandler : RequestHandler
{
    public async Future Get()
    {
        await Gen.Moment;
        throw new HttpError(418, "short and stout");
    }
}

[Route("/cookies")]
public sealed class CookieHandler : RequestHandler
{
    public void Get()
    {
        Write("got=" + (GetCookie("plain") ?? "-") + " signed=" + (GetSignedCookie("who") ?? "-"));
    }

    public void Post()
    {
        SetCookie("plain", "v1");
        SetSignedCookie("who", "alice");
    }
}

[Route("/xsrf")]
public sealed class XsrfHandler : RequestHandler
{
    public void Get() => Write(XsrfToken);

    public void Post() => Write("accepted");
}

[Route("/etag")]
public sealed class EtagHandler : RequestHandler
{
    public void Get() => Write("same body every time");
}

[Route("/etag/{length:int}/{fill}")]
public sealed class SizedEtagHandler : RequestHandler
{
    public void Get(int length, string fill) => Write(new string(fill[0], length));
}

[Route("/big")]
public sealed class BigHandler : RequestHandler
{
    public void Get()
    {
        SetHeader("Content-Type", "text/plain");
        Write(string.Concat(Enumerable.Repeat("squall squall squall ", 500)));
    }
}

[Route("/async/{ms:int}")]
public sealed class AsyncHandler : RequestHandler
{
    public override async Future Prepare()
    {
        await Gen.Moment;
        SetHeader("X-Prepared", "yes");
    }

    public async Future Get(int ms)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(ms));
        Write("slept " + ms);
    }
}

[Route("/upload")]
[StreamRequestBody]
public sealed class UploadHandler : RequestHandler
{
    private long _bytes;
    private uint _sum;

    public override Future Prepare()
    {
        _bytes = 0;
        return Future.Completed;
    }

    public override void DataReceived(ReadOnlySpan<byte> chunk)
    {
        _bytes += chunk.Length;
        foreach (var b in chunk) _sum = unchecked(_sum * 31 + b);
    }

    public void Put() => Write("bytes=" + _bytes + " sum=" + _sum);
}

[Route("/wait")]
public sealed class WaitHandler : RequestHandler
{
    // Signalled from the loop, awaited by the test thread (one test uses this handler at a time: it resets them).
    public static TaskCompletionSource Waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static TaskCompletionSource Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Future? _waiter;

    public static void Reset()
    {
        Waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Future Get()
    {
        _waiter = new Future();
        Waiting.TrySetResult();
        await _waiter;
    }

    public override void OnConnectionClose()
    {
        Closed.TrySetResult();
        _waiter?.Cancel();
    }
}

public sealed record Item(int Id, string Name);

[JsonSerializable(typeof(Item))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}

[Route("/old")]
public sealed class OldHandler : RedirectHandler
{
    public OldHandler() : base("/hello") { }
}

[Route("/files/{*path}")]
public sealed class FilesHandler : StaticFileHandler
{
    public static string Directory = "";

    public override string Root => Directory;
}

[Route("/static-url")]
public sealed class StaticUrlHandler : RequestHandler
{
    public void Get() => Write(StaticUrl("hello.txt"));
}

/// <summary>
/// Keeps a reference to itself past its request and, on the next request, writes a header through the old handler:
/// user code that outlives its request must not reach the (pooled) headers of a later request.
/// </summary>
[Route("/outlive/{step}")]
public sealed class OutlivingHandler : RequestHandler
{
    private static OutlivingHandler? s_previous;

    public async Future Get(string step)
    {
        await Gen.Moment;
        if (step == "touch" && s_previous is { } old) old.SetHeader("X-Late", "from an old request");
        s_previous = this;
        Write("ok");
    }
}

[Route("/where/{name}")]
public sealed class WhereHandler : RequestHandler
{
    public void Get(string name) => Write(name + "|" + Request.Path + "|" + Request.Query + "|" + Request.Host + "|" + Request.FullUrl());
}

/// <summary>Route values reach Open; messages wait until an asynchronous Open is done.</summary>
[Route("/ws/rooms/{room}/{seat:int}")]
public sealed class RoomSocket : WebSocketHandler
{
    private string _greeting = "";

    public async Future Open(string room, int seat)
    {
        await Gen.Moment; // an asynchronous Open: a message sent meanwhile waits for it
        _greeting = room + " " + seat;
        await WriteMessage("welcome to " + _greeting);
    }

    public override Future OnMessage(Squall.Http.WebSocketMessage message) => WriteMessage(_greeting + ": " + message.Text);
}

/// <summary>Prepare may refuse the upgrade with a status, as any handler.</summary>
[Route("/ws/guarded")]
public sealed class GuardedSocket : WebSocketHandler
{
    public override Future Prepare()
    {
        if (GetQueryArgument("token", null) != "secret") throw new HttpError(401);
        return Future.Completed;
    }

    public override Future OnMessage(Squall.Http.WebSocketMessage message) => WriteMessage(message);
}

/// <summary>An async verb with nothing that outlives its request: the generator pools it (issue 16, goal 7).</summary>
[Route("/pooled-async/{n:int}")]
public sealed class PooledAsyncHandler : RequestHandler
{
    public static int Created;

    public PooledAsyncHandler() => Interlocked.Increment(ref Created);

    public async Future Get(int n)
    {
        SetHeader("Content-Type", "text/plain");
        await Gen.Moment;
        Write("request " + n + " x-seen=" + (ResponseHeaders.ContainsKey("X-Seen") ? "yes" : "no") + " status=" + GetStatus());
        SetHeader("X-Seen", "set by " + n);
        await Gen.Moment;
    }
}

/// <summary>The same, but a lambda could hold the handler past its request: never pooled.</summary>
[Route("/unpooled-async")]
public sealed class UnpooledAsyncHandler : RequestHandler
{
    public static int Created;

    public UnpooledAsyncHandler() => Interlocked.Increment(ref Created);

    public async Future Get()
    {
        await Gen.Moment;
        Func<string> text = () => "unpooled " + GetStatus();
        Write(text());
    }
}
