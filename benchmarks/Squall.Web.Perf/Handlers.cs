using Squall;
using Squall.Web;

namespace Squall.Web.Perf;

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

[Route("/async")]
public sealed class AsyncPlaintextHandler : RequestHandler
{
    public async Future Get()
    {
        await Gen.Moment;
        SetHeader("Content-Type", "text/plain");
        Write("Hello, World!"u8);
    }
}
