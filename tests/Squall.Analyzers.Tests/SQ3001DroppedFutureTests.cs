using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ3001DroppedFutureTests
{
    private static readonly SQ3001DroppedFuture Analyzer = new();

    private static Expected Dropped(string method) => new("SQ3001",
        $"The Future returned by '{method}' is dropped; 'await' it, or start it with 'IOLoop.Current.SpawnCallback(...)' so its errors are logged");

    [Fact]
    public Task DroppedFuturesAreFlagged() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            private static Future<int> Count() => Future.FromResult(1);
            public async Future Get(H? other)
            {
                [|Gen.Sleep(TimeSpan.FromSeconds(1))|];
                [|Count()|];
                [|other?.Get(null)|];
                await Gen.Moment;
            }
        }
        """), Dropped("Sleep"), Dropped("Count"), Dropped("Get"));

    [Fact]
    public Task ObservedFuturesAreFine() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public static class C
        {
            private static Future Work() => Future.Completed;
            private static void Take(Future f) { }
            public static async Future Run()
            {
                await Work();
                var stored = Work();
                Take(Work());
                _ = Work();                       // an explicit discard is a decision, not an accident
                IOLoop.Current.SpawnCallback(() => Work());
                await stored;
            }
            public static Future Returned() => Work();
            public static async Task Dropped() { Task.Delay(1); await Task.Yield(); } // Tasks are not Squall's business
        }
        """));
}
