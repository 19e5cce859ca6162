using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Squall.Redis.Tests.Support;

/// <summary>
/// A browser-like chat user over HTTP (System.Net.Http, not our client): loads the page for the XSRF cookie and
/// token, posts messages, and long-polls with a cursor — a message that arrives before the poll is sent is returned
/// at once, so no test needs to know whether a poll is already waiting.
/// </summary>
internal sealed partial class ChatClient : IDisposable
{
    private readonly HttpClient _http;
    private string _xsrf = "";

    private ChatClient(HttpClient http) => _http = http;

    /// <summary>The id of the last message this client has seen (from the page, then from its polls).</summary>
    public string? Cursor { get; private set; }

    /// <summary>The page as last loaded.</summary>
    public string Page { get; private set; } = "";

    /// <summary>
    /// Opens the page at <paramref name="baseUrl"/> (<paramref name="query"/> lets a test find the request in a node's
    /// access log); <paramref name="localAddress"/> picks the client's own loopback address.
    /// </summary>
    public static async Task<ChatClient> Join(string baseUrl, IPAddress? localAddress = null, string query = "")
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }
        var client = new ChatClient(new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = ProcessOutput.WaitTimeout });
        await client.Reload(query);
        return client;
    }

    /// <summary>GETs the page again.</summary>
    public async Task Reload(string query = "")
    {
        Page = await _http.GetStringAsync("/" + query);
        _xsrf = XsrfField().Match(Page).Groups[1].Value;
        Assert.NotEqual("", _xsrf);
        var ids = MessageId().Matches(Page);
        Cursor = ids.Count == 0 ? null : ids[^1].Groups[1].Value;
    }

    /// <summary>Posts a message; returns its id.</summary>
    public async Task<string> Post(string body)
    {
        using var response = await _http.PostAsync("/a/message/new", Form(("body", body)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Long-polls until <paramref name="count"/> messages after <see cref="Cursor"/> have arrived; returns them in order.</summary>
    public async Task<List<(string Id, string Body)>> Receive(int count)
    {
        var received = new List<(string, string)>();
        while (received.Count < count)
        {
            var form = Cursor is null ? Form() : Form(("cursor", Cursor));
            using var response = await _http.PostAsync("/a/message/updates", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var m in json.RootElement.GetProperty("messages").EnumerateArray())
            {
                string id = m.GetProperty("id").GetString()!;
                received.Add((id, m.GetProperty("body").GetString()!));
                Cursor = id;
            }
        }
        return received;
    }

    private FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("_xsrf", _xsrf)));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"_xsrf\" value=\"([^\"]+)\"")]
    private static partial Regex XsrfField();

    [GeneratedRegex("class=\"message\" id=\"m([0-9a-f]+)\"")]
    private static partial Regex MessageId();
}
