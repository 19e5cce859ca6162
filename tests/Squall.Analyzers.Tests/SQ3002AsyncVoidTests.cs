using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ3002AsyncVoidTests
{
    private static readonly SQ3002AsyncVoid Analyzer = new();

    private static Expected AsyncVoid(string name) => new("SQ3002", $"'{name}' is async void and cannot be awaited; make it 'async Future'");

    [Fact]
    public Task AsyncVoidInHandlersAndCoroutinesIsFlagged() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            public async void [|Get|]() => await Gen.Moment;
            private async void [|Helper|]() => await Gen.Moment;
        }
        public static class C
        {
            public static async Future Work()
            {
                async void [|Local|]() => await Gen.Moment;
                Action a = [|async|] () => await Gen.Moment;
                Local();
                a();
                await Gen.Moment;
            }
            public static void Start() => IOLoop.Current.AddCallback([|async|] () => await Gen.Moment);
        }
        """), AsyncVoid("Get"), AsyncVoid("Helper"), AsyncVoid("Local"), AsyncVoid("async lambda"), AsyncVoid("async lambda"));

    [Fact]
    public Task AsyncVoidOutsideLoopCodeAndEventHandlersAreFine() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public sealed class Form
        {
            public async void OnClick(object sender, EventArgs e) => await Task.Yield();
            public async void FireAndForget() => await Task.Yield();
        }
        public sealed class H : RequestHandler
        {
            public async Future Get() => await Gen.Moment;
            public async void OnEvent(object sender, EventArgs e) => await Gen.Moment;
        }
        """));
}
