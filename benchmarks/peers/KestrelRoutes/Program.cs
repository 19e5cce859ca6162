// Kestrel peer for the routes suite of benchmarks/load: 1,000 generated MapGets plus /plaintext and /json.
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
app.MapGet("/json", () => Results.Json(new Message("Hello, World!"), PeerJsonContext.Default.Message));
KestrelRoutes.GeneratedRoutes.Map(app);
app.Run();

/// <summary>The JSON endpoint's payload.</summary>
internal sealed record Message([property: JsonPropertyName("message")] string Text);

/// <summary>Source-generated serializer metadata, so a NativeAOT build serializes without reflection.</summary>
[JsonSerializable(typeof(Message))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
