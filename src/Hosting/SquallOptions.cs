using Squall.Http;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>
/// How a hosted Squall application listens and stops; bound from the configuration section <c>Squall</c>
/// (appsettings.json, environment <c>Squall__Port</c>, command line <c>--Squall:Port</c>). Configuration overrides what
/// the <c>AddSquall</c> delegate sets, so the deployment has the last word.
/// </summary>
public sealed class SquallOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Squall";

    /// <summary>The port to listen on (<c>Squall:Port</c>); 0 picks a free one. Default 8888.</summary>
    public int Port { get; set; } = 8888;

    /// <summary>The address to listen on (<c>Squall:Address</c>); empty for every interface. Default 127.0.0.1.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>How many loops serve, each on its own thread (<c>Squall:Loops</c>); 0 means one per core. Default 1.</summary>
    public int Loops { get; set; } = 1;

    /// <summary>
    /// How long a graceful shutdown lets requests in flight finish (<c>Squall:ShutdownTimeout</c>, e.g. "00:00:30");
    /// connections still open then are cut. Default 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HTTP server settings (<c>Squall:Server:XHeaders</c>, <c>Squall:Server:MaxBodySize</c>, ...).</summary>
    public HttpServerSettings Server { get; set; } = new();

    /// <summary>
    /// Application settings (<c>Squall:Application:CookieSecret</c>, <c>Squall:Application:Debug</c>, ...). Keep the
    /// cookie secret out of code and files: set it in the environment (<c>Squall__Application__CookieSecret</c>).
    /// Loggers left null are taken from the host's <c>ILoggerFactory</c>.
    /// </summary>
    public ApplicationSettings Application { get; set; } = new();
}
