using System.Text.Json;
using System.Text.Json.Serialization;
using Squall;
using Squall.Web;

namespace SquallWeb;

/// <summary><c>GET /</c>: a plain page.</summary>
[Route("/")]
public sealed class HomeHandler : RequestHandler
{
    public void Get() => Write("Hello from SquallWeb! Try /api/greetings/Ada");
}

/// <summary>
/// <c>GET /api/greetings/{name}</c> → <c>{"message":"Hello, Ada!"}</c>, serialized by System.Text.Json source
/// generation (no reflection). <c>name</c> is bound from the route by generated code.
/// </summary>
[Route("/api/greetings/{name}", Name = "Greeting")]
public sealed class GreetingHandler : RequestHandler
{
    public void Get(string name) => Write(new Greeting($"Hello, {name}!"), AppJsonContext.Default.Greeting);
}

/// <summary>
/// <c>POST /api/greetings</c> with <c>{"name":"Ada"}</c> → 201, <c>Location: /api/greetings/Ada</c> (built by the
/// generated, typed <c>Urls.Greeting</c>) and the greeting as JSON; a body that is not JSON → 400.
/// </summary>
[Route("/api/greetings")]
public sealed class GreetingsHandler : RequestHandler
{
    public void Post()
    {
        GreetingRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(Request.Body.Span, AppJsonContext.Default.GreetingRequest);
        }
        catch (JsonException e)
        {
            throw new HttpError(400, "the body is not JSON: " + e.Message);
        }
        if (string.IsNullOrWhiteSpace(request?.Name)) throw new HttpError(400, "'name' is required");

        SetStatus(201);
        SetHeader("Location", Squall.Generated.Urls.Greeting(name: request.Name));
        Write(new Greeting($"Hello, {request.Name}!"), AppJsonContext.Default.Greeting);
    }
}

public sealed record Greeting(string Message);

public sealed record GreetingRequest(string? Name);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(GreetingRequest))]
internal sealed partial class AppJsonContext : JsonSerializerContext
{
}
