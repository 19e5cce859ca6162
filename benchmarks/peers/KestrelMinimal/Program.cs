// Kestrel peer for benchmarks/load: GET /plaintext -> "Hello, World!" (text/plain),
// GET /json -> {"message":"Hello, World!"} (application/json). Logging is off so the figures measure the
// server, not the console. The address comes from --urls (the load script passes http://127.0.0.1:PORT).
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// The slim builder leaves HTTPS out; with it, --urls https://... serves TLS with the certificate from
// Kestrel__Certificates__Default__Path/KeyPath (the TLS rows of the load benchmark).
builder.WebHost.UseKestrelHttpsConfiguration();

var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
app.MapGet("/json", () => Results.Json(new Message("Hello, World!"), PeerJsonContext.Default.Message));
app.Run();

/// <summary>The JSON endpoint's payload.</summary>
internal sealed record Message([property: JsonPropertyName("message")] string Text);

/// <summary>Source-generated serializer metadata, so the NativeAOT build serializes without reflection.</summary>
[JsonSerializable(typeof(Message))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
