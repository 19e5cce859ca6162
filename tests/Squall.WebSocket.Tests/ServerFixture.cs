using Squall.Testing;
using Squall.Web;

namespace Squall.WebSocket.Tests;

/// <summary>One test server for the raw-socket suites: the hand-built routes, a small message limit for section 9.</summary>
public sealed class ServerFixture : IDisposable
{
    public const int MaxMessageSize = 64 * 1024;

    public ServerFixture()
    {
        Server = new AsyncHttpTestServer(TestRoutes.Table, new ApplicationSettings { WebSocketMaxMessageSize = MaxMessageSize });
    }

    public AsyncHttpTestServer Server { get; }

    public int Port => Server.Port;

    public void Dispose() => Server.Dispose();
}
