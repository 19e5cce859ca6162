using System.Text;
using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// <c>multipart/form-data</c> bodies. The first line of the input is the boundary, the rest the body. Invariant: the
/// fields and files parsed, written out again as a multipart body (with a boundary none of them contains), parse to
/// the same fields and files; the parser never reports a file or field it did not find.
/// </summary>
internal static class MultipartTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        int newline = input.IndexOf((byte)'\n');
        if (newline <= 0 || newline > 70) return;
        string boundary = Encoding.Latin1.GetString(input[..newline]);
        var body = input[(newline + 1)..];
        var (arguments, files) = Parse("multipart/form-data; boundary=" + boundary, body);

        // Only names that a Content-Disposition header can carry unquoted-safely take part in the round trip.
        if (arguments.Keys.Concat(files.Keys).Any(n => !Writable(n))) return;
        if (files.Values.SelectMany(f => f).Any(f => !Writable(f.Filename) || !Writable(f.ContentType) || f.ContentType.Length == 0)) return;

        string fresh = "fuzz" + Guid.NewGuid().ToString("N");
        var output = new MemoryStream();
        void Text(string s) => output.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, values) in arguments)
        {
            foreach (var value in values)
            {
                Text($"--{fresh}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
            }
        }
        foreach (var (name, list) in files)
        {
            foreach (var file in list)
            {
                Text($"--{fresh}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file.Filename}\"\r\nContent-Type: {file.ContentType}\r\n\r\n");
                output.Write(file.Body.Span);
                Text("\r\n");
            }
        }
        Text($"--{fresh}--\r\n");
        var (arguments2, files2) = Parse("multipart/form-data; boundary=" + fresh, output.ToArray());
        Compare.Arguments(arguments, arguments2, "multipart fields");
        InvariantException.Check(files.Count == files2.Count, "a different number of file fields after a round trip");
        foreach (var (name, list) in files)
        {
            InvariantException.Check(files2.TryGetValue(name, out var other) && other.Count == list.Count, $"file field '{name}' differs after a round trip");
            for (int i = 0; i < list.Count; i++)
            {
                InvariantException.Check(list[i].Filename == other![i].Filename && list[i].ContentType == other[i].ContentType
                    && list[i].Body.Span.SequenceEqual(other[i].Body.Span), $"file '{list[i].Filename}' differs after a round trip");
            }
        }
    }

    private static bool Writable(string text) =>
        text.Length > 0 && text.Trim() == text && text.AsSpan().IndexOfAny("\"\\;\r\n=") < 0 && text.All(c => c >= 0x20 && c < 0x7F);

    private static (Dictionary<string, List<string>>, Dictionary<string, List<HttpFile>>) Parse(string contentType, ReadOnlySpan<byte> body)
    {
        var arguments = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var files = new Dictionary<string, List<HttpFile>>(StringComparer.Ordinal);
        FormDataParser.ParseBody(contentType, body, arguments, files);
        return (arguments, files);
    }
}
