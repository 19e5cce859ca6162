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
}
