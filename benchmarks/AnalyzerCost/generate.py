#!/usr/bin/env python3
"""Writes a project of HANDLERS RequestHandler classes with 10 methods each, to measure the Squall analyzers' cost.

The code is the kind the analyzers look at: verb methods (sync and async Future), coroutines awaiting futures and
tasks, blocking work moved to RunInExecutor, loop callbacks, plain helpers. It is clean: the build should report no
SQ diagnostics, so the figure is the price of analysing correct code.
"""
import os
import sys

out, handlers, repo = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
os.makedirs(os.path.join(out, "Handlers"), exist_ok=True)

with open(os.path.join(out, "AnalyzerCost.csproj"), "w") as f:
    f.write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <!-- Only Squall's analyzers: the SDK's own are off so the comparison is about ours. -->
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <SquallAnalyzers Condition="'$(SquallAnalyzers)' == ''">true</SquallAnalyzers>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="{repo}/src/Runtime/Squall.csproj" />
  </ItemGroup>
  <ItemGroup Condition="'$(SquallAnalyzers)' == 'true'">
    <ProjectReference Include="{repo}/src/Analyzers/Squall.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
""")

# Until branch `web` merges, Squall.dll has no RequestHandler/RouteAttribute: declare stand-ins like the tests do.
has_web = any("class RequestHandler" in open(os.path.join(d, n)).read()
              for d, _, files in os.walk(os.path.join(repo, "src/Runtime")) for n in files if n.endswith(".cs"))
if not has_web:
    with open(os.path.join(out, "WebFixtures.cs"), "w") as f:
        f.write("""namespace Squall.Web
{
    [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)]
    public sealed class RouteAttribute : System.Attribute
    {
        public RouteAttribute(string template) { Template = template; }
        public string Template { get; }
        public string? Name { get; set; }
    }
    public abstract class RequestHandler
    {
        public void Write(string text) { }
        public void SetHeader(string name, string value) { }
    }
}
""")

for i in range(handlers):
    with open(os.path.join(out, "Handlers", f"Handler{i}.cs"), "w") as f:
        f.write(f"""using Squall;
using Squall.Web;

namespace AnalyzerCost;

[Route("/items{i}/{{id:int}}")]
public sealed class Handler{i} : RequestHandler
{{
    private static readonly Dictionary<int, string> Cache = new();

    public async Future Get(int id)
    {{
        var name = await Load(id);
        var size = await IOLoop.Current.RunInExecutor(() => File.Exists(name) ? new FileInfo(name).Length : 0);
        SetHeader("X-Size", size.ToString());
        Write(Format(name, id));
    }}

    public void Post(int id)
    {{
        Cache[id] = Format("posted", id);
        IOLoop.Current.AddCallback(() => Cache.Remove(id));
        Write("ok");
    }}

    public async Future Put(int id)
    {{
        await Gen.Sleep(TimeSpan.FromMilliseconds(id % 3));
        var values = await Gen.WithTimeout(TimeSpan.FromSeconds(1), Compute(id));
        Write(values.ToString());
    }}

    public async Future Delete(int id)
    {{
        var task = Task.FromResult(id);
        var n = await task;
        Cache.Remove(n);
        await Gen.Moment;
    }}

    private async Future<string> Load(int id)
    {{
        await Gen.Moment;
        return Cache.TryGetValue(id, out var v) ? v : "item" + id;
    }}

    private static async Future<int> Compute(int id)
    {{
        int sum = 0;
        foreach (var x in Enumerable.Range(0, id % 10)) sum += x;
        await Gen.Moment;
        return sum;
    }}

    private static string Format(string name, int id) => string.Concat(name, ":", id.ToString());

    private static int Checksum(string text)
    {{
        int h = 17;
        foreach (var c in text) h = h * 31 + c;
        return h;
    }}

    private static string ReadConfig(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static void Schedule(int id) => IOLoop.Current.SpawnCallback(async () =>
    {{
        await Gen.Sleep(TimeSpan.FromMilliseconds(1));
        Cache[id] = ReadConfig("x") + Checksum("y");
    }});
}}
""")
print(f"wrote {handlers} handlers x 10 methods to {out}")
