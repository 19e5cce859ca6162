using Squall.Analyzers.Blocking;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ1002UseAsyncAlternativeTests
{
    private static readonly SQ1002UseAsyncAlternative Analyzer = new();

    private static Expected Use(string method, string alternative) =>
        new("SQ1002", $"'{method}' is synchronous and runs on the IOLoop thread; use 'await {alternative}(...)' instead");

    private const string Store = """
        public sealed class Store
        {
            public string Load(string key) => key;
            public Task<string> LoadAsync(string key, CancellationToken ct = default) => Task.FromResult(key);
            public int Count() => 0;
            public Future<int> CountAsync() => Future.FromResult(0);
            public void Save(string key) { }
            [Obsolete] public Task SaveAsync(string key) => Task.CompletedTask;
            public void Delete(string key) { }
            public Task DeleteAsync(int id) => Task.CompletedTask;
            public void Touch() { }
            public void TouchAsync() { }
            public void Flush(int level) { }
            public Task FlushAsync(int level, CancellationToken ct) => Task.CompletedTask;
        }
        public static class StoreExtensions
        {
            public static void Compact(this Store store) { }
            public static Future CompactAsync(this Store store) => Future.Completed;
        }

        """;

    [Fact]
    public Task SiblingsOnTheTypeAndExtensionsAreFound() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings(Store + """
        public sealed class H : RequestHandler
        {
            public async Future Get(Store store)
            {
                Write(store.[|Load|]("k"));
                int n = store.[|Count|]();
                store.[|Compact|]();
                await Gen.Moment;
            }
        }
        """), Use("Load", "LoadAsync"), Use("Count", "CountAsync"), Use("Compact", "CompactAsync"));

    [Fact]
    public Task VsThreadingFiltersExcludeObsoleteIncompatibleAndNonAwaitable() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings(Store + """
        public sealed class H : RequestHandler
        {
            public void Get(Store store)
            {
                store.Save("k");      // SaveAsync is [Obsolete]
                store.Delete("k");    // DeleteAsync takes an int
                store.Touch();        // TouchAsync returns void
                store.Flush(1);       // FlushAsync's extra CancellationToken is not optional
                Console.Out.WriteLine("log line"); // text output is exempt
            }
        }
        """));

    [Fact]
    public Task TheEnclosingAsyncMethodIsNotItsOwnAlternative() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public sealed class Cache
        {
            public int Get() => 1;
            public async Future<int> GetAsync() { await Gen.Moment; return Get(); }
        }
        """));

    [Fact]
    public Task OffTheLoopAndEscapeHatchAreNotFlagged() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings(Store + """
        public static class C
        {
            public static string Sync(Store store) => store.Load("k");
            public static async Future Coroutine(Store store)
            {
                string s = await IOLoop.Current.RunInExecutor(() => store.Load("k"));
                await Task.Run(() => store.Count());
                s = await store.LoadAsync("k");
            }
        }
        """));
}
