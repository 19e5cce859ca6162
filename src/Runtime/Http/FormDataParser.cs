using System.Net;
using System.Text;

namespace Squall.Http;

/// <summary>
/// Decodes query strings, <c>application/x-www-form-urlencoded</c> and <c>multipart/form-data</c> bodies
/// (Tornado's <c>httputil.parse_body_arguments</c> / <c>parse_multipart_form_data</c>): blank values are kept,
/// malformed parts are skipped rather than failing the request, as Tornado does.
/// </summary>
public static class FormDataParser
{
    /// <summary>Parses <c>a=1&amp;b=2&amp;a=3</c> into name → values (percent and <c>+</c> decoding; blank values kept).</summary>
    public static Dictionary<string, List<string>> ParseQueryString(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        AddQueryString(query, result);
        return result;
    }

    /// <summary>Fills <paramref name="arguments"/> and <paramref name="files"/> from a body of the given content type; other types are ignored.</summary>
    public static void ParseBody(string contentType, ReadOnlySpan<byte> body,
        Dictionary<string, List<string>> arguments, Dictionary<string, List<HttpFile>> files)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            AddQueryString(Encoding.UTF8.GetString(body), arguments);
        }
        else if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = GetParameter(contentType, "boundary");
            if (!string.IsNullOrEmpty(boundary)) ParseMultipart(Encoding.ASCII.GetBytes(boundary), body, arguments, files);
        }
    }

    private static void AddQueryString(string query, Dictionary<string, List<string>> result)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : WebUtility.UrlDecode(pair[(eq + 1)..]);
            Add(result, name, value);
        }
    }

    // RFC 7578: parts are separated by "--boundary" lines; the last delimiter is "--boundary--".
    private static void ParseMultipart(byte[] boundary, ReadOnlySpan<byte> body,
        Dictionary<string, List<string>> arguments, Dictionary<string, List<HttpFile>> files)
    {
        byte[] delimiter = [.. "--"u8, .. boundary];
        int start = body.IndexOf(delimiter);
        if (start < 0) return;
        var rest = body[(start + delimiter.Length)..];
        byte[] separator = [.. "\r\n--"u8, .. boundary];
        while (true)
        {
            if (rest.StartsWith("--"u8)) return; // final delimiter
            if (!rest.StartsWith("\r\n"u8)) return;
            rest = rest[2..];
            int end = rest.IndexOf(separator);
            if (end < 0) return; // truncated body: ignore the unfinished part
            ParsePart(rest[..end], arguments, files);
            rest = rest[(end + separator.Length)..];
        }
    }

    private static void ParsePart(ReadOnlySpan<byte> part,
        Dictionary<string, List<string>> arguments, Dictionary<string, List<HttpFile>> files)
    {
        int headerEnd = part.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0) return;
        var headerText = Encoding.UTF8.GetString(part[..headerEnd]);
        var value = part[(headerEnd + 4)..];
        string? disposition = null, partType = null;
        foreach (var line in headerText.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            if (name.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase)) disposition = line[(colon + 1)..].Trim();
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) partType = line[(colon + 1)..].Trim();
        }
        if (disposition is null || !disposition.StartsWith("form-data", StringComparison.OrdinalIgnoreCase)) return;
        var fieldName = GetParameter(disposition, "name");
        if (fieldName is null) return;
        var filename = GetParameter(disposition, "filename");
        if (filename is not null)
        {
            var file = new HttpFile(filename, partType ?? "application/unknown", value.ToArray());
            if (!files.TryGetValue(fieldName, out var list)) files[fieldName] = list = [];
            list.Add(file);
        }
        else
        {
            Add(arguments, fieldName, Encoding.UTF8.GetString(value));
        }
    }

    /// <summary>
    /// The value of the parameter <paramref name="name"/> among a header's <c>; name=value</c> parameters, where a value
    /// is a token or a quoted-string (RFC 9110 §5.6.4: <c>\</c> escapes the next character; <c>;</c> and <c>=</c> inside
    /// quotes are text, so <c>filename="a;b.txt"</c> is <c>a;b.txt</c>). The first segment (the value the parameters
    /// belong to, e.g. <c>form-data</c>) is skipped. Null when absent.
    /// </summary>
    internal static string? GetParameter(string header, string name)
    {
        var s = header.AsSpan();
        int i = s.IndexOf(';');
        if (i < 0) return null;
        while (i < s.Length)
        {
            i++; // past ';'
            while (i < s.Length && s[i] is ' ' or '\t') i++;
            int nameStart = i;
            while (i < s.Length && s[i] is not ('=' or ';')) i++;
            var parameterName = s[nameStart..i].TrimEnd(" \t");
            if (i >= s.Length || s[i] == ';') continue; // a parameter without a value
            i++; // past '='
            while (i < s.Length && s[i] is ' ' or '\t') i++;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                var quoted = new StringBuilder();
                for (i++; i < s.Length && s[i] != '"'; i++)
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    quoted.Append(s[i]);
                }
                i++; // past the closing quote (or the end: an unterminated string ends with the header)
                value = quoted.ToString();
                while (i < s.Length && s[i] != ';') i++; // anything after the quotes up to the next parameter is ignored
            }
            else
            {
                int valueStart = i;
                while (i < s.Length && s[i] != ';') i++;
                value = s[valueStart..i].Trim(" \t").ToString();
            }
            if (parameterName.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    private static void Add(Dictionary<string, List<string>> d, string name, string value)
    {
        if (!d.TryGetValue(name, out var list)) d[name] = list = [];
        list.Add(value);
    }
}
