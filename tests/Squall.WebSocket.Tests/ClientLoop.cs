namespace Squall.WebSocket.Tests;

/// <summary>Runs client coroutines on a fresh loop of the test's thread, each bounded by a generous timeout.</summary>
public static class ClientLoop
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static T Run<T>(Func<Future<T>> coroutine)
    {
        using var loop = new IOLoop();
        loop.MakeCurrent();
        return loop.RunSync(coroutine, Timeout);
    }
}
