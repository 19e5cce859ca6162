using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Squall.Http;
using Squall.IO;

namespace Squall.Fuzz;

/// <summary>
/// The server side of a WebSocket connection after the handshake — the frame state machine: fragmentation, control
/// frames between fragments, UTF-8 across fragments (checked as it arrives), the message size limit, the close
/// handshake — over a real socket pair on a real loop. The input is what the client sends (its first byte picks the
/// size of the pieces it is sent in, so frames straddle reads), then the client stops sending.
/// Invariants, against <see cref="Reference"/>, an independent reading of RFC 6455 written for this target:
/// the messages delivered are exactly the reference's (same order, kind and bytes), every text message is valid UTF-8;
/// the server sends only unmasked, final pong and close frames, the pongs are the pings' payloads in order (all of
/// them when the client closed cleanly), at most one close frame and nothing after it; the close frame carries the code
/// the reference expects (the client's own code echoed, 1002/1007/1009 for a violation, none when the client just
/// stopped); the connection ends, once, without an exception and without hanging.
/// </summary>
internal static class WebSocketConnectionTarget
{
    private const int MaxMessageSize = 4096;
    private static readonly IOLoop Loop = new(new IOLoopOptions { Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance });

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 1 || input.Length > 64 * 1024) return;
        int piece = input[0] == 0 ? int.MaxValue : input[0];
        byte[] frames = input[1..].ToArray();
        var expected = Reference.Read(frames, MaxMessageSize);

        var (client, server) = SocketPairs.Create();
        using (client)
        {
            client.SendBufferSize = 256 * 1024;
            client.ReceiveBufferSize = 256 * 1024;
            var events = new Recorder();
            Exception? failure = null;
            Loop.RunSync(async () =>
            {
                using var stream = new IOStream(server, Loop);
                var protocol = new WebSocketProtocol(stream, events, isClient: false,
                    new WebSocketSettings { MaxMessageSize = MaxMessageSize, CloseTimeout = TimeSpan.FromSeconds(5) }, deflate: null);
                var running = protocol.RunAsync();
                // The client's bytes arrive in pieces, each read by the server before the next is sent.
                for (int i = 0; i < frames.Length && !running.IsDone; i += piece)
                {
                    client.Send(frames.AsSpan(i, Math.Min(piece, frames.Length - i)));
                    await Gen.Moment;
                }
                if (!running.IsDone) client.Shutdown(SocketShutdown.Send);
                try
                {
                    await running;
                }
                catch (Exception e)
                {
                    failure = e;
                }
                // Let a flush the end of the connection started finish.
                await Gen.Moment;
            }, TimeSpan.FromSeconds(10));

            InvariantException.Check(failure is null, "RunAsync failed with " + failure);
            InvariantException.Check(events.Closed == 1, $"OnClosed ran {events.Closed} times");
            Compare(expected, events, ReadAll(client));
        }
    }

    private static void Compare(Reference.Outcome expected, Recorder events, byte[] sent)
    {
        InvariantException.Check(events.Messages.Count == expected.Messages.Count,
            $"{events.Messages.Count} messages delivered, the reference has {expected.Messages.Count}");
        for (int i = 0; i < expected.Messages.Count; i++)
        {
            var (binary, data) = events.Messages[i];
            InvariantException.Check(binary == expected.Messages[i].Binary, $"message {i}: kind differs");
            InvariantException.Check(data.AsSpan().SequenceEqual(expected.Messages[i].Data), $"message {i}: bytes differ");
            InvariantException.Check(binary || Reference.IsUtf8(data), $"message {i}: text that is not UTF-8");
        }

        var pongs = new List<byte[]>();
        byte[]? close = null;
        int pos = 0;
        while (pos < sent.Length)
        {
            InvariantException.Check(close is null, "bytes after the server's close frame");
            InvariantException.Check(sent.Length - pos >= 2, "a partial frame from the server");
            byte b0 = sent[pos], b1 = sent[pos + 1];
            InvariantException.Check((b0 & 0xF0) == 0x80, $"server frame with FIN/RSV bits {b0 >> 4:x}");
            InvariantException.Check((b1 & 0x80) == 0, "a masked server frame");
            int length = b1 & 0x7F;
            InvariantException.Check(length <= 125 && sent.Length - pos - 2 >= length, "a bad or partial control frame from the server");
            var payload = sent.AsSpan(pos + 2, length).ToArray();
            pos += 2 + length;
            switch (b0 & 0x0F)
            {
                case 0xA: pongs.Add(payload); break;
                case 0x8: close = payload; break;
                default: throw new InvariantException($"server sent opcode {b0 & 0x0F}");
            }
        }

        InvariantException.Check(pongs.Count <= expected.Pongs.Count, $"{pongs.Count} pongs for {expected.Pongs.Count} pings");
        for (int i = 0; i < pongs.Count; i++)
            InvariantException.Check(pongs[i].AsSpan().SequenceEqual(expected.Pongs[i]), $"pong {i} does not carry its ping's payload");

        int? code = close is null ? null : close.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(close) : 0;
        InvariantException.Check(close is null || close.Length != 1, "a close frame with a 1-byte payload");
        InvariantException.Check(expected.CloseCodes.Contains(code),
            $"close code {code?.ToString() ?? "none"}, expected one of {string.Join(",", expected.CloseCodes.Select(c => c?.ToString() ?? "none"))}");
        if (expected.CleanClose)
        {
            InvariantException.Check(pongs.Count == expected.Pongs.Count, $"{pongs.Count} pongs for {expected.Pongs.Count} pings before a clean close");
            if (close is { Length: > 2 }) throw new InvariantException("the echoed close frame carries a reason");
        }
        else if (close is { Length: > 2 })
        {
            InvariantException.Check(Reference.IsUtf8(close.AsSpan(2).ToArray()), "a close reason that is not UTF-8");
        }
    }

    private static byte[] ReadAll(Socket client)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        client.Blocking = false;
        while (true)
        {
            int n;
            try
            {
                n = client.Receive(buffer);
            }
            catch (SocketException)
            {
                break; // nothing more queued
            }
            if (n == 0) break;
            all.Write(buffer, 0, n);
        }
        return all.ToArray();
    }

    private sealed class Recorder : IWebSocketEvents
    {
        public List<(bool Binary, byte[] Data)> Messages { get; } = new();

        public int Closed { get; private set; }

        public Future OnMessage(WebSocketMessage message)
        {
            Messages.Add((message.IsBinary, message.Data.ToArray()));
            return Future.Completed;
        }

        public void OnPong(byte[] payload)
        {
        }

        public void OnClosed() => Closed++;
    }

    /// <summary>What RFC 6455 says a server must make of a client's bytes (no extension negotiated).</summary>
    internal static class Reference
    {
        internal sealed record Message(bool Binary, byte[] Data);

        /// <summary>The messages and pongs due, and the close codes allowed (null: no close frame).</summary>
        internal sealed record Outcome(List<Message> Messages, List<byte[]> Pongs, HashSet<int?> CloseCodes, bool CleanClose);

        public static Outcome Read(byte[] input, int maxMessageSize)
        {
            var messages = new List<Message>();
            var pongs = new List<byte[]>();
            int open = 0; // opcode of the fragmented message being received, 0 when none
            var buffer = new List<byte>();
            int pos = 0;
            // Set when the open text message ends in a sequence that may be one no byte can complete: a server that
            // checks UTF-8 as bytes arrive may already have failed with 1007 (and sent no pong since).
            bool utf8Doubt = false;
            Outcome Done(HashSet<int?> codes, bool clean)
            {
                if (utf8Doubt) codes.Add(1007);
                return new(messages, pongs, codes, clean && !utf8Doubt);
            }
            while (true)
            {
                // Header: 2 bytes, extended length, mask key. Incomplete: the client stopped (no close frame).
                if (input.Length - pos < 2) return Done(Stopped(open, buffer, []), false);
                byte b0 = input[pos], b1 = input[pos + 1];
                bool fin = (b0 & 0x80) != 0, rsv1 = (b0 & 0x40) != 0, rsv23 = (b0 & 0x30) != 0, masked = (b1 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                int headerLength = 2 + ((b1 & 0x7F) == 126 ? 2 : (b1 & 0x7F) == 127 ? 8 : 0) + (masked ? 4 : 0);
                if (input.Length - pos < headerLength) return Done(Stopped(open, buffer, []), false);
                ulong length = (b1 & 0x7F) switch
                {
                    126 => BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(pos + 2)),
                    127 => BinaryPrimitives.ReadUInt64BigEndian(input.AsSpan(pos + 2)),
                    var small => (ulong)small,
                };
                byte[] mask = masked ? input.AsSpan(pos + headerLength - 4, 4).ToArray() : [0, 0, 0, 0];
                bool control = (opcode & 0x08) != 0;
                int? violation =
                    rsv23 || !masked || length > long.MaxValue ? 1002
                    : control && (opcode is not (8 or 9 or 10) || !fin || length > 125 || rsv1) ? 1002
                    : !control && opcode is not (0 or 1 or 2) ? 1002
                    : !control && opcode == 0 && (open == 0 || rsv1) ? 1002
                    : !control && opcode != 0 && (open != 0 || rsv1) ? 1002
                    : !control && (ulong)buffer.Count + length > (ulong)maxMessageSize ? 1009
                    : null;
                if (violation is { } failed) return Done([failed], false);
                pos += headerLength;
                int available = (int)Math.Min(length, (ulong)(input.Length - pos));
                var payload = input.AsSpan(pos, available).ToArray();
                for (int i = 0; i < payload.Length; i++) payload[i] ^= mask[i & 3];
                pos += available;
                if ((ulong)available < length)
                {
                    // The client stopped inside this frame's payload.
                    if (control) return Done(Stopped(open, buffer, []), false);
                    return Done(Stopped(opcode == 0 ? open : opcode, opcode == 0 ? buffer : [], payload), false);
                }
                if (control)
                {
                    if (opcode == 9) pongs.Add(payload);
                    if (opcode != 8) continue;
                    if (payload.Length == 1) return Done([1002], false);
                    if (payload.Length == 0) return Done([0], true);
                    int code = BinaryPrimitives.ReadUInt16BigEndian(payload);
                    if (!ValidCloseCode(code)) return Done([1002], false);
                    if (!IsUtf8(payload[2..])) return Done([1007], false);
                    return Done([code], true);
                }
                if (opcode != 0)
                {
                    open = opcode;
                    buffer.Clear();
                }
                buffer.AddRange(payload);
                if (open == 1)
                {
                    // Text is checked as it arrives: bytes that cannot begin valid UTF-8 fail the connection now.
                    if (!IsUtf8Prefix(buffer.ToArray(), out bool certain)) return Done([1007], false);
                    utf8Doubt = !certain;
                }
                if (!fin) continue;
                var data = buffer.ToArray();
                if (open == 1 && !IsUtf8(data)) return Done([1007], false);
                utf8Doubt = false;
                messages.Add(new(open == 2, data));
                open = 0;
                buffer.Clear();
            }
        }

        /// <summary>The client stopped sending mid-stream: no close frame is due, unless the text received so far
        /// already cannot be UTF-8 (the server may then have failed the connection with 1007 first).</summary>
        private static HashSet<int?> Stopped(int open, List<byte> buffer, byte[] partial)
        {
            var codes = new HashSet<int?> { null };
            if (open == 1 && (!IsUtf8Prefix(buffer.Concat(partial).ToArray(), out bool certain) || !certain)) codes.Add(1007);
            return codes;
        }

        private static bool ValidCloseCode(int code) =>
            code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;

        public static bool IsUtf8(byte[] data)
        {
            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        /// <summary>
        /// Whether <paramref name="data"/> can begin a valid UTF-8 text: it is valid once an incomplete last sequence
        /// (1-3 bytes) is cut off. <paramref name="certain"/> is false when that last sequence might still be one no
        /// continuation can complete (the server may then fail early or only at the end).
        /// </summary>
        public static bool IsUtf8Prefix(byte[] data, out bool certain)
        {
            certain = true;
            if (IsUtf8(data)) return true;
            for (int cut = 1; cut <= 3 && cut <= data.Length; cut++)
            {
                int lead = data[^cut];
                int need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
                if (need > cut && IsUtf8(data[..^cut]) && data[^cut..].Skip(1).All(b => (b & 0xC0) == 0x80))
                {
                    certain = false;
                    return true;
                }
            }
            return false;
        }
    }
}
