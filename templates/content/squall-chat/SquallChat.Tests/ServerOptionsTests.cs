namespace SquallChat.Tests;

/// <summary>The port and address come from --port / --address, Squall:Port / Squall:Address, or the environment.</summary>
public sealed class ServerOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void DefaultsToLoopbackAndTheTemplatePort()
    {
        Assert.True(ServerOptions.TryParse([], NoEnvironment, out var options, out _));
        Assert.Equal(new ServerOptions(8888, "127.0.0.1"), options);
    }

    [Theory]
    [InlineData("--port", "5000")]
    [InlineData("--Squall:Port", "5000")]
    [InlineData("--Squall:Port=5000", null)]
    public void PortFromTheCommandLine(string arg, string? value)
    {
        string[] args = value is null ? [arg] : [arg, value];
        Assert.True(ServerOptions.TryParse(args, NoEnvironment, out var options, out _));
        Assert.Equal(5000, options.Port);
    }

    [Fact]
    public void CommandLineWinsOverTheEnvironment()
    {
        Func<string, string?> environment = key => key == "Squall__Port" ? "6000" : null;

        Assert.True(ServerOptions.TryParse([], environment, out var fromEnvironment, out _));
        Assert.True(ServerOptions.TryParse(["--port", "7000"], environment, out var fromArgs, out _));

        Assert.Equal(6000, fromEnvironment.Port);
        Assert.Equal(7000, fromArgs.Port);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--verbose", "1")]
    public void BadArgumentsAreRefused(string arg, string value)
    {
        Assert.False(ServerOptions.TryParse([arg, value], NoEnvironment, out _, out var error));
        Assert.NotNull(error);
    }
}
