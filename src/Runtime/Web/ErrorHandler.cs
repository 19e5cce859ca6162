namespace Squall.Web;

/// <summary>Answers every request with one status (Tornado's <c>ErrorHandler</c>); usable as <see cref="ApplicationSettings.DefaultHandler"/>.</summary>
public class ErrorHandler : RequestHandler
{
    private readonly int _status;

    /// <summary>Creates a handler that answers <paramref name="status"/>.</summary>
    public ErrorHandler(int status) => _status = status;

    /// <summary>Raises the status before any verb runs.</summary>
    public override Future Prepare() => throw new HttpError(_status);
}
