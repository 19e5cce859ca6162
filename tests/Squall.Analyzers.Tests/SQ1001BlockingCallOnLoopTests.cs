using Microsoft.CodeAnalysis;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ1001BlockingCallOnLoopTests
{
    private static readonly SQ1001BlockingCallOnLoop Analyzer = new();

    private static Expected Blocks(string member, string hint) => new("SQ1001", $"'{member}' blocks the IOLoop thread; {hint}", DiagnosticSeverity.Warning);

    private const string Executor = "move it off the loop with 'await IOLoop.Current.RunInExecutor(() => ...)'";

    [Fact]
    public Task ThreadSleepInSyncVerbMethod() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public void Get() { Thread.[|Sleep|](100); Write("x"); }
        }
        """), Blocks("Thread.Sleep", "use 'await Gen.Sleep(...)' instead"));

    [Fact]
    public Task TaskResultWaitAndGetResultInAsyncFuture() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public static class C
        {
            public static async Future<int> Work(Task<int> t, Task u, ValueTask<int> v)
            {
                u.[|Wait|]();
                int a = t.[|Result|] + t.GetAwaiter().[|GetResult|]() + v.[|Result|];
                await Gen.Moment;
                return a;
            }
        }
        """), Blocks("Task.Wait", "await it instead"), Blocks("Task.Result", "await it instead"),
        Blocks("TaskAwaiter.GetResult", "await it instead"), Blocks("ValueTask.Result", "await it instead"));

    [Fact]
    public Task FutureGetResultInAsyncLambdaPassedToSpawnCallback() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public static class C
        {
            public static void Start(Future f) => IOLoop.Current.SpawnCallback(async () => { f.GetAwaiter().[|GetResult|](); await Gen.Moment; });
        }
        """), Blocks("Awaiter.GetResult", "await it instead"));

    [Fact]
    public Task LoopCallbacksRunOnTheLoop() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public static class C
        {
            public static void Start(Future f, Stream s, byte[] buffer)
            {
                var loop = IOLoop.Current;
                loop.AddCallback(() => File.[|ReadAllText|]("a.txt"));
                loop.CallLater(TimeSpan.FromSeconds(1), () => s.[|Read|](buffer, 0, 1));
                loop.CallAt(IOLoop.Timestamp(), () => Console.[|ReadLine|]());
                new PeriodicCallback(() => s.[|Flush|](), TimeSpan.FromSeconds(1));
                f.AddDoneCallback(_ => new SemaphoreSlim(1).[|Wait|]());
            }
        }
        """),
        Blocks("File.ReadAllText", "use 'await File.ReadAllTextAsync(...)' instead"),
        Blocks("Stream.Read", "use 'await ReadAsync(...)' instead"),
        Blocks("Console.ReadLine", Executor),
        Blocks("Stream.Flush", "use 'await FlushAsync(...)' instead"),
        Blocks("SemaphoreSlim.Wait", "use 'await WaitAsync(...)' instead"));

    [Fact]
    public Task MoreOfTheTableInHandlerCallbacks() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            private readonly object _gate = new();
            public void Prepare() { Monitor.[|Enter|](_gate); Monitor.Exit(_gate); }
            public void OnFinish(ManualResetEvent e, System.Net.Sockets.Socket socket) { e.[|WaitOne|](); socket.[|Receive|](new byte[1]); }
            public async Future Post(System.Diagnostics.Process p)
            {
                System.Net.Dns.[|GetHostEntry|]("localhost");
                p.[|WaitForExit|]();
                IOLoop.Current.[|RunSync|](() => Future.Completed);
                await Gen.Moment;
            }
        }
        """),
        Blocks("Monitor.Enter", "use Squall's awaitable 'AsyncLock' instead"),
        Blocks("WaitHandle.WaitOne", Executor),
        Blocks("Socket.Receive", "use 'await ReceiveAsync(...)' instead"),
        Blocks("Dns.GetHostEntry", "use 'await Dns.GetHostEntryAsync(...)' instead"),
        Blocks("Process.WaitForExit", "use 'await WaitForExitAsync()' instead"),
        Blocks("IOLoop.RunSync", "await the coroutine instead"));

    [Fact]
    public Task CoroutineIteratorMethodRunsOnTheLoop() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        using System.Collections.Generic;
        public static class C
        {
            [Coroutine]
            public static IEnumerable<object> Work()
            {
                Thread.[|Sleep|](1);
                yield return Gen.Sleep(TimeSpan.FromMilliseconds(1));
            }
        }
        """), Blocks("Thread.Sleep", "use 'await Gen.Sleep(...)' instead"));

    [Fact]
    public Task RunInExecutorAndTaskRunAreTheEscapeHatch() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get()
            {
                string text = await IOLoop.Current.RunInExecutor(() => File.ReadAllText("a.txt"));
                await IOLoop.Current.RunInExecutor(() => Thread.Sleep(10));
                await Task.Run(() => Thread.Sleep(10));
                Write(text);
            }
        }
        """));

    [Fact]
    public Task CodeOffTheLoopIsNotFlagged() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public static class Worker
        {
            public static string Load() { Thread.Sleep(1); return File.ReadAllText("a.txt"); }
            public static async Task<int> TaskMethod(Task<int> t) { Thread.Sleep(1); return t.Result + await t; }
        }
        public sealed class NotAHandler
        {
            public void Get() => Thread.Sleep(1);
        }
        public sealed class H : RequestHandler
        {
            private static void Helper() => Thread.Sleep(1); // not called by the framework
            public void Get() { var m = new MemoryStream(); m.Write(new byte[1], 0, 1); m.Flush(); }
        }
        """));

    [Fact]
    public Task AwaitedCallsAndTestCodeAreNotFlagged() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public static class Tests
        {
            public static async Future Coroutine(Task<int> t, Future<int> f)
            {
                int a = await t;
                int b = await f;
                await Gen.Sleep(TimeSpan.FromMilliseconds(a + b));
            }
            // A test method drives the loop from outside: blocking there is what a harness does.
            public static void TestMethod()
            {
                var loop = new IOLoop();
                loop.RunSync(() => Coroutine(Task.FromResult(1), Future.FromResult(2)));
                Thread.Sleep(1);
            }
        }
        """));

    [Fact]
    public Task MethodGroupsHandedToTheLoopRunOnTheLoop() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class Poller
        {
            public void Start()
            {
                IOLoop.Current.AddCallback(Tick);
                new PeriodicCallback(Refresh, TimeSpan.FromSeconds(1)).Start();
                IOLoop.Current.RunInExecutor(Offloaded);
                Action later = Unused;
            }
            private void Tick() => Thread.[|Sleep|](1);
            private void Refresh() => File.[|ReadAllText|]("a.txt");
            private void Offloaded() => Thread.Sleep(1);
            private void Unused() => Thread.Sleep(1);
        }
        """), Blocks("Thread.Sleep", "use 'await Gen.Sleep(...)' instead"), Blocks("File.ReadAllText", "use 'await File.ReadAllTextAsync(...)' instead"));
}
