using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ3003TaskVerbMethodTests
{
    private static readonly SQ3003TaskVerbMethod Analyzer = new();

    private static Expected TaskVerb(string name, string type) => new("SQ3003",
        $"Verb method '{name}' returns '{type}', which the handler does not await on the loop; change the return type to 'Future'");

    [Fact]
    public Task AsyncTaskVerbMethodsAreFlagged() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Task [|Get|]() => await Task.Yield();
            public async ValueTask [|Post|]() => await Task.Yield();
            public async Task<int> [|Put|]() { await Task.Yield(); return 1; }
        }
        """), TaskVerb("Get", "Task"), TaskVerb("Post", "ValueTask"), TaskVerb("Put", "Task<int>"));

    [Fact]
    public Task FutureVerbsNonVerbsAndNonHandlersAreFine() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async Future Get() => await Gen.Moment;
            public void Post() { }
            private async Task LoadAsync() => await Task.Yield();
        }
        public sealed class Controller
        {
            public async Task Get() => await Task.Yield();
        }
        """));
}
