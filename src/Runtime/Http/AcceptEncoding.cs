namespace Squall.Http;

/// <summary>
/// Reads <c>Accept-Encoding</c> (RFC 9110 §12.5.3) with its weights (§12.4.2): a coding is acceptable when its own
/// entry, or failing that the <c>*</c> entry, has a weight above 0. <c>gzip;q=0</c>, <c>gzip; q=0.000</c> and
/// <c>*;q=0</c> all mean "not gzip"; an entry whose weight is malformed is ignored rather than guessed at.
/// </summary>
internal static class AcceptEncoding
{
    /// <summary>True when the <c>Accept-Encoding</c> field lines <paramref name="values"/> accept <paramref name="coding"/>.</summary>
    public static bool Accepts(IEnumerable<string> values, string coding)
    {
        int own = -1, wildcard = -1; // weights in thousandths; -1: no such entry
        foreach (var value in values)
        {
            var rest = value.AsSpan();
            foreach (var range in rest.Split(','))
            {
                var entry = rest[range].Trim(" \t");
                if (entry.IsEmpty) continue;
                int semi = entry.IndexOf(';');
                var name = (semi < 0 ? entry : entry[..semi]).TrimEnd(" \t");
                int weight = semi < 0 ? 1000 : Weight(entry[(semi + 1)..]);
                if (weight < 0) continue;
                // x-gzip is gzip (RFC 9110 §8.4.1.3).
                if (name.Equals(coding, StringComparison.OrdinalIgnoreCase)
                    || (coding == "gzip" && name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)))
                    own = Math.Max(own, weight);
                else if (name is "*") wildcard = Math.Max(wildcard, weight);
            }
        }
        return own >= 0 ? own > 0 : wildcard > 0;
    }

    /// <summary>
    /// The weight in thousandths from the parameters after a coding (<c>q=0.5</c>), 1000 when there is no <c>q</c>,
    /// -1 when it is malformed. weight = OWS ";" OWS "q=" qvalue; qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
    /// </summary>
    internal static int Weight(ReadOnlySpan<char> parameters)
    {
        int result = 1000;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim(" \t");
            if (parameter.Length < 2 || (parameter[0] | 0x20) != 'q' || parameter[1] != '=') continue;
            var q = parameter[2..];
            if (q.IsEmpty || q[0] is not ('0' or '1')) return -1;
            int whole = q[0] - '0';
            int fraction = 0;
            if (q.Length > 1)
            {
                if (q[1] != '.' || q.Length > 5) return -1;
                var digits = q[2..];
                for (int i = 0; i < 3; i++)
                {
                    int d = i < digits.Length ? digits[i] - '0' : 0;
                    if (d is < 0 or > 9) return -1;
                    fraction = fraction * 10 + d;
                }
            }
            if (whole == 1 && fraction != 0) return -1;
            result = whole * 1000 + fraction;
        }
        return result;
    }
}
