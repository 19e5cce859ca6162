using System.Globalization;
using Squall;
using Squall.Web;

namespace HelloWorld;

/// <summary>
/// <c>POST /upload</c>: reads the whole body (Content-Length or chunked) and answers its size and the sum of its bytes,
/// so a load client can check every byte arrived (the soak and fault benchmarks use it).
/// </summary>
[Route("/upload")]
public sealed class UploadHandler : RequestHandler
{
    public void Post()
    {
        var body = Request.Body.Span;
        ulong sum = 0;
        foreach (byte b in body) sum += b;
        SetHeader("Content-Type", "text/plain");
        Write(body.Length.ToString(CultureInfo.InvariantCulture) + " " + sum.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// <c>POST /upload-stream</c>: takes the body piece by piece as it arrives (<see cref="StreamRequestBodyAttribute"/>,
/// Tornado's <c>@stream_request_body</c>), so a 100 MiB upload never sits in memory, and answers how many bytes came
/// (the load benchmark's upload scenario, Content-Length and chunked).
/// </summary>
[Route("/upload-stream")]
[StreamRequestBody]
public sealed class StreamUploadHandler : RequestHandler
{
    private long _bytes;

    public override Future Prepare()
    {
        _bytes = 0;
        return Future.Completed;
    }

    public override void DataReceived(ReadOnlySpan<byte> chunk) => _bytes += chunk.Length;

    public void Post()
    {
        SetHeader("Content-Type", "text/plain");
        Write(_bytes.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// <c>GET /stream/{kib:int}</c>: a streamed response of <c>kib</c> KiB (at most 16 MiB), one flushed 1 KiB chunk at a
/// time, each waiting for the previous to reach the kernel (the write side of backpressure).
/// </summary>
[Route("/stream/{kib:int}")]
public sealed class StreamHandler : RequestHandler
{
    private static readonly byte[] Chunk = Enumerable.Repeat((byte)'s', 1024).ToArray();

    public async Future Get(int kib)
    {
        if (kib is < 0 or > 16 * 1024) throw new HttpError(400, "kib must be 0..16384");
        SetHeader("Content-Type", "application/octet-stream");
        for (int i = 0; i < kib; i++)
        {
            Write(Chunk);
            await Flush();
        }
    }
}
