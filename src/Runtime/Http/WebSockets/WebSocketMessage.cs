using System.Text;

namespace Squall.Http;

/// <summary>
/// One complete WebSocket message, text or binary, reassembled from its fragments and decompressed. The message
/// owns its bytes. Text is validated UTF-8; <see cref="Text"/> decodes it on first use, so a handler that only
/// forwards the bytes (an echo, a relay) never makes a string.
/// </summary>
public sealed class WebSocketMessage
{
    private string? _text;

    /// <summary>A message with these bytes (text must be valid UTF-8).</summary>
    public WebSocketMessage(ReadOnlyMemory<byte> data, bool isBinary)
    {
        Data = data;
        IsBinary = isBinary;
    }

    /// <summary>A text message.</summary>
    public WebSocketMessage(string text)
    {
        _text = text;
        Data = Encoding.UTF8.GetBytes(text);
    }

    /// <summary>True for a binary message, false for text.</summary>
    public bool IsBinary { get; }

    /// <summary>True for a text message.</summary>
    public bool IsText => !IsBinary;

    /// <summary>The payload: UTF-8 for text messages.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The payload as a string (decoded once; for a binary message, its bytes read as UTF-8).</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Data.Span);

    /// <inheritdoc/>
    public override string ToString() => IsBinary ? $"binary ({Data.Length} bytes)" : Text;
}
