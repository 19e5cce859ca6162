using Squall.Analyzers.Blocking;
using Squall.Analyzers.CodeFixes;
using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>Every fix: exact before/after source, and the fixed code compiles (checked by the verifier).</summary>
public sealed class CodeFixTests
{
    private static readonly SQ1001BlockingCallOnLoop Blocking = new();
    private static readonly SQ1001BlockingCallCodeFix BlockingFix = new();

    [Fact]
    public Task ThreadSleepInSyncVerbBecomesAwaitGenSleepInAsyncFuture() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public void Get() { Thread.Sleep(100); Write("x"); }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() { await Gen.Sleep(TimeSpan.FromMilliseconds(100)); Write("x"); }
        }
        """), SQ1001BlockingCallCodeFix.SleepKey);

    [Fact]
    public Task ThreadSleepWithTimeSpanInAsyncLambdaKeepsTheTimeSpan() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public static class C
        {
            public static void Start(TimeSpan delay) => IOLoop.Current.SpawnCallback(async () => { Thread.Sleep(delay); await Gen.Moment; });
        }
        """),
        Sources.WithUsings("""
        public static class C
        {
            public static void Start(TimeSpan delay) => IOLoop.Current.SpawnCallback(async () => { await Gen.Sleep(delay); await Gen.Moment; });
        }
        """), SQ1001BlockingCallCodeFix.SleepKey);

    [Fact]
    public Task ResultBecomesAwaitParenthesizedInsideAnExpression() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public static class C
        {
            public static async Future<string> Work(Task<int> t)
            {
                await Gen.Moment;
                return t.Result.ToString();
            }
        }
        """),
        Sources.WithUsings("""
        public static class C
        {
            public static async Future<string> Work(Task<int> t)
            {
                await Gen.Moment;
                return (await t).ToString();
            }
        }
        """), SQ1001BlockingCallCodeFix.AwaitKey);

    [Fact]
    public Task WaitBecomesAwait() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Post(Task pending) { pending.Wait(); await Gen.Moment; }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Post(Task pending) { await pending; await Gen.Moment; }
        }
        """), SQ1001BlockingCallCodeFix.AwaitKey);

    [Fact]
    public Task GetAwaiterGetResultBecomesAwait() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public void Get(Task<string> body) { var text = body.GetAwaiter().GetResult(); Write(text); }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get(Task<string> body) { var text = await body; Write(text); }
        }
        """), SQ1001BlockingCallCodeFix.AwaitKey);

    [Fact]
    public Task KnownBlockingCallBecomesItsAsyncAlternative() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public void Get() { var text = File.ReadAllText("a.txt"); Write(text); }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() { var text = await File.ReadAllTextAsync("a.txt"); Write(text); }
        }
        """), SQ1001BlockingCallCodeFix.AsyncAlternativeKey);

    [Fact]
    public Task AnyBlockingCallCanMoveToRunInExecutor() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() { string? line = Console.ReadLine(); Write(line ?? ""); await Gen.Moment; }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() { string? line = await IOLoop.Current.RunInExecutor(() => Console.ReadLine()); Write(line ?? ""); await Gen.Moment; }
        }
        """), SQ1001BlockingCallCodeFix.ExecutorKey);

    [Fact]
    public Task VoidBlockingCallMovesToRunInExecutor() => CodeFixVerifier.VerifyAsync(Blocking, BlockingFix,
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public void Delete(ManualResetEvent done) { done.WaitOne(); Finish(); }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Delete(ManualResetEvent done) { await IOLoop.Current.RunInExecutor(() => done.WaitOne()); Finish(); }
        }
        """), SQ1001BlockingCallCodeFix.ExecutorKey);

    [Fact]
    public async Task FixesBackOffWhereAnAwaitCannotGo()
    {
        // A synchronous lambda handed to AddCallback cannot await, and its delegate type is the caller's choice.
        var offered = await CodeFixVerifier.OfferedAsync(Blocking, BlockingFix, Sources.WithUsings("""
            public static class C
            {
                public static void Start() => IOLoop.Current.AddCallback(() => Thread.Sleep(1));
            }
            """));
        Assert.Empty(offered);
        // Thread.Sleep is never moved to the thread pool: sleeping there is pointless, Gen.Sleep is the fix.
        offered = await CodeFixVerifier.OfferedAsync(Blocking, BlockingFix, Sources.WithUsings("""
            public sealed class H : RequestHandler { public void Get() => Thread.Sleep(1); }
            """));
        Assert.Equal([SQ1001BlockingCallCodeFix.SleepKey], offered);
    }

    [Fact]
    public Task SQ1002SyncCallBecomesAwaitOfItsAsyncSibling() => CodeFixVerifier.VerifyAsync(new SQ1002UseAsyncAlternative(), new SQ1002UseAsyncAlternativeCodeFix(),
        Sources.WithUsings("""
        public sealed class Store
        {
            public string Load(string key) => key;
            public Future<string> LoadAsync(string key, CancellationToken ct = default) => Future.FromResult(key);
        }
        public sealed class H : RequestHandler
        {
            public void Get(Store store) => Write(store.Load("k"));
        }
        """),
        Sources.WithUsings("""
        public sealed class Store
        {
            public string Load(string key) => key;
            public Future<string> LoadAsync(string key, CancellationToken ct = default) => Future.FromResult(key);
        }
        public sealed class H : RequestHandler
        {
            public async Future Get(Store store) => Write(await store.LoadAsync("k"));
        }
        """), SQ1002UseAsyncAlternativeCodeFix.Key);

    [Fact]
    public Task SQ3001DroppedFutureIsAwaited() => CodeFixVerifier.VerifyAsync(new SQ3001DroppedFuture(), new SQ3001DroppedFutureCodeFix(),
        Sources.WithUsings("""
        public static class C
        {
            public static async Future Work()
            {
                Gen.Sleep(TimeSpan.FromSeconds(1));
                await Gen.Moment;
            }
        }
        """),
        Sources.WithUsings("""
        public static class C
        {
            public static async Future Work()
            {
                await Gen.Sleep(TimeSpan.FromSeconds(1));
                await Gen.Moment;
            }
        }
        """), SQ3001DroppedFutureCodeFix.AwaitKey);

    [Fact]
    public Task SQ3001DroppedFutureIsSpawned() => CodeFixVerifier.VerifyAsync(new SQ3001DroppedFuture(), new SQ3001DroppedFutureCodeFix(),
        Sources.WithUsings("""
        public static class C
        {
            private static Future<int> Count() => Future.FromResult(1);
            public static void Start()
            {
                Count();
            }
        }
        """),
        Sources.WithUsings("""
        public static class C
        {
            private static Future<int> Count() => Future.FromResult(1);
            public static void Start()
            {
                IOLoop.Current.SpawnCallback(() => Count());
            }
        }
        """), SQ3001DroppedFutureCodeFix.SpawnKey);

    [Fact]
    public Task SQ3002AsyncVoidBecomesAsyncFuture() => CodeFixVerifier.VerifyAsync(new SQ3002AsyncVoid(), new SQ3002AsyncVoidCodeFix(),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async void Get() => await Gen.Moment;
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() => await Gen.Moment;
        }
        """), SQ3002AsyncVoidCodeFix.Key);

    [Fact]
    public Task SQ3002AsyncVoidLocalFunctionBecomesAsyncFuture() => CodeFixVerifier.VerifyAsync(new SQ3002AsyncVoid(), new SQ3002AsyncVoidCodeFix(),
        Sources.WithUsings("""
        public static class C
        {
            public static async Future Work()
            {
                async void Local() => await Gen.Moment;
                await Gen.Moment;
            }
        }
        """),
        Sources.WithUsings("""
        public static class C
        {
            public static async Future Work()
            {
                async Future Local() => await Gen.Moment;
                await Gen.Moment;
            }
        }
        """), SQ3002AsyncVoidCodeFix.Key);

    [Fact]
    public Task SQ3003TaskVerbBecomesFuture() => CodeFixVerifier.VerifyAsync(new SQ3003TaskVerbMethod(), new SQ3003TaskVerbMethodCodeFix(),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Task Get() { await Task.Yield(); Write("x"); }
        }
        """),
        Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() { await Task.Yield(); Write("x"); }
        }
        """), SQ3003TaskVerbMethodCodeFix.Key);
}
