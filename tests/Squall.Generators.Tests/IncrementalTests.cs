using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Squall.Generators.Tests;

/// <summary>The generator's caching: unrelated edits re-run nothing, and its models hold no compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string Unrelated = "namespace App; public static class Helper { public static int Twice(int x) => x * 2; }";

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(HandlerSources.AllShapes, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Handlers1.cs");
        var newTree = CSharpSyntaxTree.ParseText(Unrelated.Replace("x * 2", "x + x"), (CSharpParseOptions)oldTree.Options, oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { Squall.Generators.RouteGenerator.Steps.Handlers, Squall.Generators.RouteGenerator.Steps.Routes })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void EditInsideAVerbBodyLeavesTheModelUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(HandlerSources.AllShapes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = CSharpSyntaxTree.ParseText(HandlerSources.AllShapes.Replace("Write(\"main\")", "Write(\"main page\")"),
            (CSharpParseOptions)oldTree.Options, oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var result = driver.GetRunResult().Results.Single();
        // The edited class was parsed again and gave an equal spec, so nothing downstream re-ran.
        Assert.Contains(result.TrackedSteps[Squall.Generators.RouteGenerator.Steps.Handlers].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedSteps[Squall.Generators.RouteGenerator.Steps.Routes].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void ChangingARouteChangesTheOutput()
    {
        var compilation = GeneratorHarness.CreateCompilation(HandlerSources.AllShapes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = CSharpSyntaxTree.ParseText(HandlerSources.AllShapes.Replace("[Route(\"/users/me\")]", "[Route(\"/users/self\")]"),
            (CSharpParseOptions)oldTree.Options, oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[Squall.Generators.RouteGenerator.Steps.Routes].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"self\"", result.GeneratedSources.Single(s => s.HintName.Contains("Routes")).SourceText.ToString());
    }

    [Fact]
    public void ModelHoldsNoSymbolsSyntaxOrCompilation()
    {
        var compilation = GeneratorHarness.CreateCompilation(HandlerSources.AllShapes);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        var roots = result.TrackedSteps[Squall.Generators.RouteGenerator.Steps.Routes]
            .SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(roots);
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots) Walk(root, visited, "Routes");
        Assert.True(visited.Count > 20, "the walk reached the model's leaves");
    }

    private static void Walk(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}");
        if ((value is IEnumerable && value.GetType().Assembly != typeof(Squall.Generators.RouteGenerator).Assembly) || value is Array)
        {
            int j = 0;
            foreach (var item in (IEnumerable)value) Walk(item, visited, $"{path}[{j++}]");
            return;
        }
        // Only the generator's own model types are walked into; anything else must be a plain value.
        if (value.GetType().Assembly != typeof(Squall.Generators.RouteGenerator).Assembly) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (var item in sequence) Walk(item, visited, $"{path}[{i++}]");
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            Walk(property.GetValue(value), visited, path + "." + property.Name);
        }
    }
}
