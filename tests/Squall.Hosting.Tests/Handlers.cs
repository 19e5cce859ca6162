using Squall.Web;

namespace Squall.Hosting.Tests;

/// <summary>A service the in-process hosts register, or deliberately do not.</summary>
public interface IGreeting
{
    string Text { get; }
}

public sealed class FixedGreeting : IGreeting
{
    public string Text => "hello from the container";
}

/// <summary><c>GET /greeting</c>: its constructor needs <see cref="IGreeting"/> from the host's container.</summary>
[Route("/greeting")]
public sealed class GreetingHandler(IGreeting greeting) : RequestHandler
{
    public void Get() => Write(greeting.Text);
}
