namespace Squall.Http;

/// <summary>A file uploaded in a <c>multipart/form-data</c> body (Tornado's <c>HTTPFile</c>).</summary>
public sealed class HttpFile
{
    /// <summary>Creates an uploaded file description.</summary>
    public HttpFile(string filename, string contentType, ReadOnlyMemory<byte> body)
    {
        Filename = filename;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The client's file name (from <c>Content-Disposition</c>; never trust it as a path).</summary>
    public string Filename { get; }

    /// <summary>The part's <c>Content-Type</c>, <c>application/unknown</c> when absent (as Tornado).</summary>
    public string ContentType { get; }

    /// <summary>The file's bytes (a copy owned by this object).</summary>
    public ReadOnlyMemory<byte> Body { get; }
}
