using Squall;
using Squall.Web;

namespace FaultServer;

/// <summary><c>GET /plaintext</c>: what the well-behaved client measures.</summary>
[Route("/plaintext")]
public sealed class PlaintextHandler : RequestHandler
{
    public void Get()
    {
        SetHeader("Content-Type", "text/plain");
        Write("Hello, World!"u8);
    }
}

/// <summary><c>GET /flaky</c>: throws on every tenth request (a bug in user code: 500, logged, the loop goes on).</summary>
[Route("/flaky")]
public sealed class FlakyHandler : RequestHandler
{
    private static int s_count;

    public void Get()
    {
        if (++s_count % 10 == 0) throw new InvalidOperationException("injected failure");
        Write("ok"u8);
    }
}

/// <summary><c>GET /block</c>: blocks the loop for 50 ms on every hundredth request (what the slow-callback detector must name).</summary>
[Route("/block")]
public sealed class BlockingHandler : RequestHandler
{
    private static int s_count;

    public void Get()
    {
        if (++s_count % 100 == 0) Thread.Sleep(50);
        Write("ok"u8);
    }
}

/// <summary><c>GET /work</c>: 200 ms of blocking work on the executor (enough of these saturate the thread pool).</summary>
[Route("/work")]
public sealed class ExecutorHandler : RequestHandler
{
    public async Future Get()
    {
        var result = await IOLoop.Current.RunInExecutor(() =>
        {
            Thread.Sleep(200);
            return 42;
        });
        Write(result.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary><c>GET /big/{kib:int}</c>: a large response written at once (for readers that reset or crawl).</summary>
[Route("/big/{kib:int}")]
public sealed class BigHandler : RequestHandler
{
    private static readonly byte[] Kib = Enumerable.Repeat((byte)'b', 1024).ToArray();

    public async Future Get(int kib)
    {
        for (int i = 0; i < Math.Clamp(kib, 0, 65536); i++)
        {
            Write(Kib);
            if (i % 64 == 63) await Flush();
        }
    }
}
