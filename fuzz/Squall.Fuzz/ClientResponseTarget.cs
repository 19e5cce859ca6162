using System.Globalization;
using System.Net.Sockets;
using Squall.Http;
using Squall.IO;

namespace Squall.Fuzz;

/// <summary>
/// The HTTP client's response reading (status line, fields, Content-Length / chunked / until-close bodies, gzip and
/// deflate), end to end over a real socket pair on a real loop: the input is what the server sends, then it closes.
/// Invariants: the exchange ends with a response or with one of the errors the client turns into a 599
/// (<see cref="HttpClientError"/>, <see cref="StreamClosedException"/>, <see cref="UnsatisfiableReadException"/>), never
/// anything else and never a hang; a response has a three-digit final status; an uncompressed Content-Length body
/// has exactly that length.
/// </summary>
internal static class ClientResponseTarget
{
    private static readonly IOLoop Loop = new(new IOLoopOptions { Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance });
    private static readonly Uri Target = new("http://fuzz.test/resource");

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length > 128 * 1024) return; // the socket pair's buffer holds the whole response
        var (client, server) = SocketPairs.Create();
        using (server)
        {
            server.SendBufferSize = 256 * 1024;
            client.ReceiveBufferSize = 256 * 1024;
            if (!input.IsEmpty) server.Send(input);
            server.Shutdown(SocketShutdown.Send);
            bool decompress = input.Length % 2 == 1;
            var request = new HttpRequest(Target.ToString()) { DecompressResponse = decompress, MaxBodySize = 1024 * 1024 };
            ClientExchangeResult? result = null;
            Exception? failure = null;
            Loop.RunSync(async () =>
            {
                using var stream = new IOStream(client, Loop);
                try
                {
                    result = await Http1ClientConnection.ExchangeAsync(stream, request, Target, new ExchangeProgress());
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }, TimeSpan.FromSeconds(10));

            if (failure is not null)
            {
                InvariantException.Check(failure is HttpClientError or StreamClosedException or UnsatisfiableReadException,
                    "the client failed with " + failure);
                return;
            }
            var response = result!;
            InvariantException.Check(response.Code is >= 100 and <= 999 && (response.Code >= 200 || response.Code == 101),
                $"a final response with status {response.Code}");
            foreach (var (name, value) in response.Headers)
            {
                InvariantException.Check(name.Length > 0 && name.IndexOfAny(['\r', '\n', ':']) < 0, $"a bad field name '{name}'");
                InvariantException.Check(value.IndexOfAny(['\r', '\n']) < 0, $"a field value with CR or LF: '{value}'");
            }
            if (!decompress && response.Headers["Transfer-Encoding"] is null && response.Code is >= 200 and not 204 and not 304
                && response.Headers["Content-Length"] is { } cl
                && long.TryParse(cl.Split(',')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long length))
            {
                InvariantException.Check(response.Body.Length == length, $"Content-Length {length} but a body of {response.Body.Length} bytes");
            }
        }
    }
}
