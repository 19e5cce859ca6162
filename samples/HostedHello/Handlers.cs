using Squall;
using Squall.Web;

namespace HostedHello;

/// <summary><c>GET /</c>: the greeting.</summary>
[Route("/")]
public sealed class MainHandler : RequestHandler
{
    public void Get() => Write("Hello from a hosted Squall");
}

/// <summary><c>GET /loop</c>: which loop thread serves this connection (each connection stays on one).</summary>
[Route("/loop")]
public sealed class LoopHandler : RequestHandler
{
    public void Get() => Write(Thread.CurrentThread.Name ?? "main");
}

/// <summary>
/// <c>GET /longpoll</c>: a long poll that waits up to <c>?seconds=</c> (default 10) for news; the server's shutdown
/// counts as news, so a draining server answers it instead of cutting it. The first line is flushed at once.
/// </summary>
[Route("/longpoll")]
public sealed class LongPollHandler(ShutdownNotice notice) : RequestHandler
{
    public async Future Get()
    {
        double seconds = double.Parse(GetArgument("seconds", "10")!, System.Globalization.CultureInfo.InvariantCulture);
        SetHeader("Content-Type", "text/plain");
        Write("waiting\n");
        await Flush();
        try
        {
            await Gen.WithTimeout(TimeSpan.FromSeconds(seconds), notice.WhenStopping());
            Write("server is stopping: answered before it stops\n");
        }
        catch (TimeoutException)
        {
            Write("no news\n");
        }
    }
}

/// <summary><c>GET /visits</c>: a signed-cookie counter; the signing key is <c>Squall:Application:CookieSecret</c>.</summary>
[Route("/visits")]
public sealed class VisitsHandler : RequestHandler
{
    public void Get()
    {
        if (Application.Settings.CookieSecret is null)
            throw new HttpError(503, "no cookie secret: set Squall__Application__CookieSecret in the environment");
        int visits = int.TryParse(GetSignedCookie("visits"), out var n) ? n + 1 : 1;
        SetSignedCookie("visits", visits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Write(visits.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// <c>GET /stats</c>: constructor injection from the host's container: a singleton (<see cref="HitCounter"/>, shared by
/// every loop) and a scoped service (<see cref="RequestInfo"/>, one per request, disposed after it).
/// </summary>
[Route("/stats")]
public sealed class StatsHandler(HitCounter counter, RequestInfo info) : RequestHandler
{
    public void Get()
    {
        SetHeader("Content-Type", "text/plain");
        Write($"hits={counter.Hit()} scope={info.Id} disposed={counter.ScopesDisposed}");
    }
}
