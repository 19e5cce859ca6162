using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Chat;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>The chat sample's long-poll flow with two clients, XSRF, and waiters cancelled when clients leave.</summary>
[Collection("Chat")]
public sealed class ChatTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(ChatApp.Routes, WithQuietLog(ChatApp.CreateSettings("chat-secret")));

    public void Dispose() => _server.Dispose();

    private static ApplicationSettings WithQuietLog(ApplicationSettings s)
    {
        s.Logger = new ListLogger();
        return s;
    }

    private sealed record Client(string Xsrf, string Cookie);

    private Client Join()
    {
        var page = _server.Fetch("/");
        Assert.Equal(200, page.Code);
        string cookie = page.Headers.GetList("Set-Cookie").Single(c => c.StartsWith("_xsrf=", StringComparison.Ordinal)).Split(';')[0];
        var match = System.Text.RegularExpressions.Regex.Match(page.Text, "name=\"_xsrf\" value=\"([^\"]+)\"");
        Assert.True(match.Success);
        return new Client(match.Groups[1].Value, cookie);
    }

    private Task<Squall.Http.HttpResponse> Post(Client c, string path, string form) =>
        _server.FetchAsync(path, "POST", form + "&_xsrf=" + Uri.EscapeDataString(c.Xsrf),
            [new("Content-Type", "application/x-www-form-urlencoded"), new("Cookie", c.Cookie)]);

    /// <summary>Completes when the buffer holds <paramref name="count"/> waiters (at once if it already does).</summary>
    private Task WaiterCountReaches(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Invoke(() =>
        {
            void OnChange(int n)
            {
                if (n != count) return;
                ChatApp.Buffer.WaiterCountChanged -= OnChange;
                reached.TrySetResult();
            }
            ChatApp.Buffer.WaiterCountChanged += OnChange;
            OnChange(ChatApp.Buffer.WaiterCount);
            return true;
        });
        return reached.Task;
    }

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    private string? LastId() => _server.Invoke(() => ChatApp.Buffer.Cache.Count == 0 ? null : ChatApp.Buffer.Cache[^1].Id);

    [Fact]
    public void TwoClientsLongPollAndReceiveEachOthersMessages()
    {
        var alice = Join();
        var bob = Join();
        string cursor = LastId() is { } id ? "cursor=" + id : "cursor=none";
        if (cursor == "cursor=none")
        {
            Assert.Equal(200, Post(alice, "/a/message/new", "body=first").Result.Code);
            cursor = "cursor=" + LastId();
        }

        int waitersBefore = _server.Invoke(() => ChatApp.Buffer.WaiterCount);
        var bobWaits = WaiterCountReaches(waitersBefore + 1);
        var bobPoll = Post(bob, "/a/message/updates", cursor);
        Assert.True(bobWaits.Wait(EventTimeout), "bob is waiting");
        Assert.False(bobPoll.IsCompleted);

        var sent = Post(alice, "/a/message/new", "body=" + Uri.EscapeDataString("hi <bob>")).Result;
        Assert.Equal(200, sent.Code);
        var posted = JsonDocument.Parse(sent.Text).RootElement;
        Assert.Contains("hi &lt;bob&gt;", posted.GetProperty("html").GetString());

        Assert.True(bobPoll.Wait(10000));
        var update = JsonDocument.Parse(bobPoll.Result.Text).RootElement.GetProperty("messages");
        Assert.Equal(1, update.GetArrayLength());
        Assert.Equal("hi <bob>", update[0].GetProperty("body").GetString());

        // Alice catches up from the same cursor without waiting; the page now shows the message.
        var alicePoll = Post(alice, "/a/message/updates", cursor).Result;
        Assert.Equal("hi <bob>", JsonDocument.Parse(alicePoll.Text).RootElement.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Contains("hi &lt;bob&gt;", _server.Fetch("/").Text);
    }

    [Fact]
    public void PostsWithoutXsrfAreRefused()
    {
        var r = _server.Fetch("/a/message/new", "POST", "body=x", [new("Content-Type", "application/x-www-form-urlencoded")]);
        Assert.Equal(403, r.Code);
    }

    [Fact]
    public void FormPostRedirectsToNext()
    {
        var c = Join();
        var r = Post(c, "/a/message/new", "body=hello&next=/").Result;
        Assert.Equal(302, r.Code);
        Assert.Equal("/", r.Headers["Location"]);
    }

    [Fact]
    public void WaiterIsCancelledWhenTheClientGoesAway()
    {
        var c = Join();
        _server.Fetch("/a/message/new", "POST", "body=seed&_xsrf=" + Uri.EscapeDataString(c.Xsrf),
            [new("Content-Type", "application/x-www-form-urlencoded"), new("Cookie", c.Cookie)]);
        string form = "cursor=" + LastId() + "&_xsrf=" + Uri.EscapeDataString(c.Xsrf);
        int before = _server.Invoke(() => ChatApp.Buffer.WaiterCount);
        var pollWaits = WaiterCountReaches(before + 1);
        Task waiterGone;
        using (var client = new TcpClient())
        {
            client.Connect("127.0.0.1", _server.Port);
            client.GetStream().Write(Encoding.ASCII.GetBytes(
                $"POST /a/message/updates HTTP/1.1\r\nHost: t\r\nCookie: {c.Cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\n\r\n{form}"));
            Assert.True(pollWaits.Wait(EventTimeout), "the poll waits");
            waiterGone = WaiterCountReaches(before);
        }
        Assert.True(waiterGone.Wait(EventTimeout), "the waiter went away with the client");
    }

    [Fact]
    public void CacheKeepsTheLast200()
    {
        var buffer = new MessageBuffer();
        for (int i = 0; i < 250; i++) buffer.AddMessage(new ChatMessage(i.ToString(), "m" + i, ""));
        Assert.Equal(200, buffer.Cache.Count);
        Assert.Equal("50", buffer.Cache[0].Id);
        Assert.Equal(2, buffer.GetMessagesSince("247").Count);
        Assert.Equal(200, buffer.GetMessagesSince("3").Count);
    }
}
