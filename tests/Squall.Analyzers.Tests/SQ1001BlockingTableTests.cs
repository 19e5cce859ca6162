using Squall.Analyzers.Blocking;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>Every row of the blocking table, one call each, in a sync verb method (which runs on the loop).</summary>
public sealed class SQ1001BlockingTableTests
{
    private const string Executor = "move it off the loop with 'await IOLoop.Current.RunInExecutor(() => ...)'";

    [Theory]
    [InlineData("Thread t", "t.[|Join|]()", "Thread.Join", Executor)]
    [InlineData("Task[] ts", "Task.[|WaitAll|](ts)", "Task.WaitAll", "use 'await Task.WhenAll(...)' instead")]
    [InlineData("Task[] ts", "_ = Task.[|WaitAny|](ts)", "Task.WaitAny", "use 'await Task.WhenAny(...)' instead")]
    [InlineData("ValueTask v", "v.GetAwaiter().[|GetResult|]()", "ValueTaskAwaiter.GetResult", "await it instead")]
    [InlineData("Task<int> t", "_ = t.ConfigureAwait(false).GetAwaiter().[|GetResult|]()", "ConfiguredTaskAwaiter.GetResult", "await it instead")]
    [InlineData("WaitHandle[] hs", "_ = WaitHandle.[|WaitAll|](hs)", "WaitHandle.WaitAll", Executor)]
    [InlineData("WaitHandle[] hs", "_ = WaitHandle.[|WaitAny|](hs)", "WaitHandle.WaitAny", Executor)]
    [InlineData("object o", "_ = Monitor.[|Wait|](o)", "Monitor.Wait", "use Squall's awaitable 'Condition' instead")]
    [InlineData("ManualResetEventSlim e", "e.[|Wait|]()", "ManualResetEventSlim.Wait", "use Squall's awaitable 'AsyncEvent' instead")]
    [InlineData("CountdownEvent e", "e.[|Wait|]()", "CountdownEvent.Wait", Executor)]
    [InlineData("Barrier b", "b.[|SignalAndWait|]()", "Barrier.SignalAndWait", Executor)]
    [InlineData("int n", "SpinWait.[|SpinUntil|](() => n > 0)", "SpinWait.SpinUntil", Executor)]
    [InlineData("int n", "_ = Console.[|Read|]()", "Console.Read", Executor)]
    [InlineData("int n", "_ = Console.[|ReadKey|]()", "Console.ReadKey", Executor)]
    [InlineData("string h", "_ = System.Net.Dns.[|GetHostAddresses|](h)", "Dns.GetHostAddresses", "use 'await Dns.GetHostAddressesAsync(...)' instead")]
    [InlineData("string p", "_ = File.[|ReadAllBytes|](p)", "File.ReadAllBytes", "use 'await File.ReadAllBytesAsync(...)' instead")]
    [InlineData("string p", "File.[|WriteAllText|](p, p)", "File.WriteAllText", "use 'await File.WriteAllTextAsync(...)' instead")]
    [InlineData("string p", "File.[|AppendAllText|](p, p)", "File.AppendAllText", "use 'await File.AppendAllTextAsync(...)' instead")]
    [InlineData("string p", "_ = File.[|ReadLines|](p)", "File.ReadLines", "use 'File.ReadLinesAsync(...)' with 'await foreach' instead")]
    [InlineData("FileStream s", "s.[|Write|](new byte[1], 0, 1)", "FileStream.Write", "use 'await WriteAsync(...)' instead")]
    [InlineData("Stream s", "s.[|CopyTo|](Stream.Null)", "Stream.CopyTo", "use 'await CopyToAsync(...)' instead")]
    [InlineData("Stream s", "_ = s.[|ReadByte|]()", "Stream.ReadByte", Executor)]
    [InlineData("StreamReader r", "_ = r.[|ReadToEnd|]()", "StreamReader.ReadToEnd", "use 'await ReadToEndAsync()' instead")]
    [InlineData("StreamReader r", "_ = r.[|ReadLine|]()", "StreamReader.ReadLine", "use 'await ReadLineAsync()' instead")]
    [InlineData("System.Net.Sockets.Socket s", "_ = s.[|Accept|]()", "Socket.Accept", "use 'await AcceptAsync(...)' instead")]
    [InlineData("System.Net.Sockets.Socket s", "_ = s.[|Send|](new byte[1])", "Socket.Send", "use 'await SendAsync(...)' instead")]
    [InlineData("System.Net.Sockets.Socket s", "s.[|Connect|](\"localhost\", 80)", "Socket.Connect", "use 'await ConnectAsync(...)' instead")]
    [InlineData("System.Net.Sockets.TcpClient c", "c.[|Connect|](\"localhost\", 80)", "TcpClient.Connect", "use 'await ConnectAsync(...)' instead")]
    [InlineData("System.Net.Http.HttpClient c", "_ = c.[|Send|](new System.Net.Http.HttpRequestMessage())", "HttpClient.Send", "use 'await SendAsync(...)' instead")]
    [InlineData("System.Net.Http.HttpClient c", "_ = c.SendAsync(new System.Net.Http.HttpRequestMessage()).[|Result|]", "Task.Result", "await it instead")]
    public Task EveryTableRowIsFlagged(string parameter, string call, string member, string hint)
    {
        return AnalyzerVerifier.VerifyAsync(new SQ1001BlockingCallOnLoop(), Sources.WithUsings($$"""
            public sealed class H : RequestHandler
            {
                public void Get({{parameter}}) { {{call}}; }
            }
            """), new Expected("SQ1001", $"'{member}' blocks the IOLoop thread; {hint}"));
    }
}
