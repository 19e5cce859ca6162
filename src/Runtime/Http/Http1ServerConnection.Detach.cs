using Squall.IO;

namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    private bool _detached;

    /// <inheritdoc/>
    public IOStream Detach()
    {
        if (_detached) throw new InvalidOperationException("The connection was already detached.");
        if (_stream.Closed) throw new StreamClosedException(_stream.Error);
        _detached = true;
        // From here the stream belongs to the caller: no timeouts, no OnConnectionClose, no next request.
        _inFlight = false;
        CancelTimer();
        _stream.SetCloseCallback(null);
        return _stream;
    }
}
