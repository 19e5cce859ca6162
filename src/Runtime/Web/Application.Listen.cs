using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    /// <summary>
    /// Starts an <see cref="HttpServer"/> for this application on <paramref name="port"/> (0: a free port, see
    /// <c>BoundPort</c>) of <paramref name="address"/> (Tornado's <c>Application.listen</c>). Serving begins when the
    /// current loop runs.
    /// </summary>
    public HttpServer Listen(int port, string address = "127.0.0.1", HttpServerSettings? settings = null)
    {
        var server = new HttpServer(this, settings);
        server.Listen(port, address);
        return server;
    }

    /// <summary>
    /// Serves this application on <paramref name="loops"/> loops (0: one per core), one <see cref="HttpServer"/> and one
    /// <c>SO_REUSEPORT</c> listener each, all on <paramref name="port"/>. The first loop is the current one: serving
    /// begins when the caller runs <c>IOLoop.Current.Start()</c>, the other loops run on threads of their own at once.
    /// One application serves every loop (it holds no per-request state); each request runs on its connection's loop.
    /// </summary>
    public HttpServerGroup Listen(int port, string address, int loops, HttpServerSettings? settings = null) =>
        HttpServerGroup.Start(() => new HttpServer(this, settings), loops, port, address, useCurrentLoop: true);
}
