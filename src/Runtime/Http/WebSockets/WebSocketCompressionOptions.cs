namespace Squall.Http;

/// <summary>
/// permessage-deflate (RFC 7692) settings of one side (Tornado's <c>compression_options</c>). The defaults keep no
/// compression state between messages in either direction (<c>server_no_context_takeover</c> and
/// <c>client_no_context_takeover</c>): an idle compressed connection then holds no zlib memory at all, where a
/// context kept across messages costs ~300 KiB per connection. Turn <see cref="ContextTakeover"/> on for a better
/// ratio on many small similar messages when connections are few.
/// </summary>
public sealed class WebSocketCompressionOptions
{
    /// <summary>Keep this side's compression window between messages (and let the peer keep its own).</summary>
    public bool ContextTakeover { get; set; }

    /// <summary>The LZ77 window this side compresses with, 9–15 (<c>*_max_window_bits</c>).</summary>
    public int MaxWindowBits { get; set; } = 15;

    /// <summary>zlib compression level, 1–9.</summary>
    public int CompressionLevel { get; set; } = 6;

    /// <summary>Messages shorter than this are sent uncompressed (RSV1 clear): deflate only makes them longer.</summary>
    public int MinCompressSize { get; set; } = 32;
}
