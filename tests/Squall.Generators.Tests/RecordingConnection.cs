using System.Text;
using Squall.Http;

namespace Squall.Generators.Tests;

/// <summary>An <see cref="IHttpConnection"/> that records the response, for running generated dispatch without sockets.</summary>
internal sealed class RecordingConnection : IHttpConnection
{
    private readonly MemoryStream _body = new();

    public int Status { get; private set; }

    public HttpHeaders Headers { get; } = new();

    public string Body => Encoding.UTF8.GetString(_body.ToArray());

    public bool HeadersWritten { get; private set; }

    public bool Finished { get; private set; }

    public bool Closed => false;

    public void WriteHeaders(int status, string? reason = null, HttpHeaders? headers = null)
    {
        Status = status;
        HeadersWritten = true;
        if (headers is not null)
            foreach (var (k, v) in headers) Headers.Add(k, v);
    }

    public void Write(ReadOnlySpan<byte> data) => _body.Write(data);

    public Future Flush() => Future.Completed;

    public void Finish() => Finished = true;
}
