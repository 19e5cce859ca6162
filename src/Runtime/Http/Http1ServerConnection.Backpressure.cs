namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    /// <summary>
    /// How many response bytes may wait for a client before the connection stops reading its requests (Kestrel's
    /// default response buffer). A client that pipelines requests and never reads would otherwise make the server
    /// queue every response in memory: 300,000 pipelined GETs grew the process by ~68 MiB. With the bound, requests
    /// wait in the stream's read-ahead and then in the kernel (TCP flow control stops the client), and reading
    /// resumes once the queued responses have gone.
    /// </summary>
    internal const int MaxUnsentResponseBytes = 64 * 1024;

    /// <summary>Responses queued for the client and not yet taken by the kernel.</summary>
    internal long UnsentResponseBytes => _stream.WriteBufferSize;

    /// <summary>True when the next request must wait until the client has read what is queued for it.</summary>
    private bool ResponsesBacklogged => _stream.WriteBufferSize > MaxUnsentResponseBytes;
}
