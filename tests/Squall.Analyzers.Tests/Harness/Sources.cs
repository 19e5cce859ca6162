namespace Squall.Analyzers.Tests.Harness;

/// <summary>The usings every test source starts with.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Squall;
        using Squall.Web;

        """;

    public static string WithUsings(string body) => Usings + body;
}
