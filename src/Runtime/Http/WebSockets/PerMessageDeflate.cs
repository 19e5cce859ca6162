using System.Text;

namespace Squall.Http;

/// <summary>
/// What both sides agreed for permessage-deflate on one connection, and the negotiation that produced it
/// (RFC 7692 §5, §7.1). "Local" is this endpoint, "remote" the peer, whichever of server and client it is.
/// </summary>
internal sealed class PerMessageDeflate
{
    /// <summary>This endpoint keeps its compression context between messages.</summary>
    public bool LocalContextTakeover { get; init; }

    /// <summary>The peer keeps its context: our inflater must keep its window between messages.</summary>
    public bool RemoteContextTakeover { get; init; }

    /// <summary>The window this endpoint compresses with (0: send uncompressed, e.g. an 8-bit window zlib cannot make).</summary>
    public int LocalWindowBits { get; init; } = 15;

    public int CompressionLevel { get; init; } = 6;

    public int MinCompressSize { get; init; } = 32;

    /// <summary>The header value sent in the response (server) or that was accepted (client).</summary>
    public string ResponseHeader { get; init; } = "permessage-deflate";

    private const string Name = "permessage-deflate";

    /// <summary>One extension offer or response: its parameters, or null when malformed (duplicates, bad values).</summary>
    private sealed class Parameters
    {
        public bool ServerNoContextTakeover;
        public bool ClientNoContextTakeover;
        public int ServerMaxWindowBits; // 0: absent
        public int ClientMaxWindowBits; // 0: absent, -1: present without a value
    }

    /// <summary>
    /// Server side: picks the first acceptable permessage-deflate offer of <c>Sec-WebSocket-Extensions</c>, or null to
    /// decline them all (the connection then runs uncompressed, as §5 allows).
    /// </summary>
    public static PerMessageDeflate? Accept(string? extensionsHeader, WebSocketCompressionOptions options)
    {
        if (string.IsNullOrEmpty(extensionsHeader)) return null;
        foreach (var offer in SplitOffers(extensionsHeader))
        {
            var p = Parse(offer, isResponse: false);
            if (p is null) continue;
            int serverWindow = Math.Clamp(options.MaxWindowBits, 9, 15);
            if (p.ServerMaxWindowBits > 0)
            {
                // §7.1.2.1: answer with the same or a smaller value. zlib's raw deflate has no 8-bit window: decline.
                if (p.ServerMaxWindowBits < 9) continue;
                serverWindow = Math.Min(serverWindow, p.ServerMaxWindowBits);
            }
            bool serverTakeover = options.ContextTakeover && !p.ServerNoContextTakeover;
            bool clientTakeover = options.ContextTakeover && !p.ClientNoContextTakeover;
            var response = new StringBuilder(Name);
            // §7.1.1: the server may ask for no context takeover on either side even when not offered.
            if (!serverTakeover) response.Append("; server_no_context_takeover");
            if (!clientTakeover) response.Append("; client_no_context_takeover");
            if (p.ServerMaxWindowBits > 0 || serverWindow < 15) response.Append("; server_max_window_bits=").Append(serverWindow);
            // client_max_window_bits: we always inflate with a 15-bit window, so we never need to limit the client's.
            return new PerMessageDeflate
            {
                LocalContextTakeover = serverTakeover,
                RemoteContextTakeover = clientTakeover,
                LocalWindowBits = serverWindow,
                CompressionLevel = Math.Clamp(options.CompressionLevel, 1, 9),
                MinCompressSize = options.MinCompressSize,
                ResponseHeader = response.ToString(),
            };
        }
        return null;
    }

    /// <summary>Client side: the offer sent in <c>Sec-WebSocket-Extensions</c>.</summary>
    public static string Offer(WebSocketCompressionOptions options)
    {
        var offer = new StringBuilder(Name);
        if (!options.ContextTakeover) offer.Append("; client_no_context_takeover");
        offer.Append("; client_max_window_bits");
        int window = Math.Clamp(options.MaxWindowBits, 9, 15);
        if (window < 15) offer.Append('=').Append(window);
        return offer.ToString();
    }

    /// <summary>
    /// Client side: checks the server's answer to <see cref="Offer"/> (§7.1: only parameters it may send, valid
    /// values). Null when it is not acceptable: the client must then fail the connection.
    /// </summary>
    public static PerMessageDeflate? Confirm(string response, WebSocketCompressionOptions options)
    {
        var offers = SplitOffers(response).ToList();
        if (offers.Count != 1) return null;
        var p = Parse(offers[0], isResponse: true);
        if (p is null) return null;
        int offered = Math.Clamp(options.MaxWindowBits, 9, 15);
        int window = p.ClientMaxWindowBits > 0 ? p.ClientMaxWindowBits : offered;
        if (window > offered) return null;
        return new PerMessageDeflate
        {
            LocalContextTakeover = options.ContextTakeover && !p.ClientNoContextTakeover,
            RemoteContextTakeover = !p.ServerNoContextTakeover,
            // An 8-bit window cannot be produced by zlib's raw deflate; sending uncompressed is always allowed.
            LocalWindowBits = window < 9 ? 0 : window,
            CompressionLevel = Math.Clamp(options.CompressionLevel, 1, 9),
            MinCompressSize = options.MinCompressSize,
            ResponseHeader = response,
        };
    }

    private static IEnumerable<string> SplitOffers(string header)
    {
        // Parameter values here are tokens or quoted digits, never commas, so a plain split is exact.
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            yield return part;
    }

    private static Parameters? Parse(string offer, bool isResponse)
    {
        var items = offer.Split(';', StringSplitOptions.TrimEntries);
        if (!items[0].Equals(Name, StringComparison.OrdinalIgnoreCase)) return null;
        var p = new Parameters();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Length == 0) return null;
            int eq = item.IndexOf('=');
            string key = (eq < 0 ? item : item[..eq]).Trim();
            string? value = eq < 0 ? null : item[(eq + 1)..].Trim().Trim('"');
            if (!seen.Add(key)) return null; // §7.1: a parameter twice makes the offer invalid
            switch (key.ToLowerInvariant())
            {
                case "server_no_context_takeover":
                    if (value is not null) return null;
                    p.ServerNoContextTakeover = true;
                    break;
                case "client_no_context_takeover":
                    if (value is not null) return null;
                    p.ClientNoContextTakeover = true;
                    break;
                case "server_max_window_bits":
                    if (!TryWindowBits(value, out int s)) return null;
                    p.ServerMaxWindowBits = s;
                    break;
                case "client_max_window_bits":
                    if (value is null)
                    {
                        if (isResponse) return null; // a response must give the value
                        p.ClientMaxWindowBits = -1;
                        break;
                    }
                    if (!TryWindowBits(value, out int c)) return null;
                    p.ClientMaxWindowBits = c;
                    break;
                default:
                    return null;
            }
        }
        return p;
    }

    private static bool TryWindowBits(string? value, out int bits)
    {
        bits = 0;
        // §7.1.2: a decimal integer 8–15 without leading zeros.
        if (value is null || value.Length is 0 or > 2 || value[0] == '0') return false;
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits)) return false;
        return bits is >= 8 and <= 15;
    }
}
