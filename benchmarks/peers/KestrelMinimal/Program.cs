// Kestrel peer for benchmarks/load: GET /plaintext -> "Hello, World!" (text/plain),
// GET /json -> {"message":"Hello, World!"} (application/json). Logging is off so the figures measure the
// server, not the console. The address comes from --urls (the load script passes http://127.0.0.1:PORT).
// For the bodies scenarios (issue 16, goal 6): POST /upload-stream reads the body as a stream and answers its length;
// --StaticRoot DIR serves DIR under /static/ with ASP.NET Core's static file middleware.
using System.Buffers;
using System.Text.Json.Serialization;
using Microsoft.Extensions.FileProviders;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// The slim builder leaves HTTPS out; with it, --urls https://... serves TLS with the certificate from
// Kestrel__Certificates__Default__Path/KeyPath (the TLS rows of the load benchmark).
builder.WebHost.UseKestrelHttpsConfiguration();
// Kestrel's default largest body is 30 MB (and with a limit of exactly 100 MiB it answered a chunked 100 MiB body 413):
// no limit, so the 100 MiB uploads are measured.
builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = null);

var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
app.MapGet("/json", () => Results.Json(new Message("Hello, World!"), PeerJsonContext.Default.Message));
app.MapPost("/upload-stream", async (HttpContext context) =>
{
    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    long total = 0;
    int n;
    while ((n = await context.Request.Body.ReadAsync(buffer)) > 0) total += n;
    ArrayPool<byte>.Shared.Return(buffer);
    return Results.Text(total.ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain");
});
if (app.Configuration["StaticRoot"] is { Length: > 0 } staticRoot)
{
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.GetFullPath(staticRoot)), RequestPath = "/static" });
}
app.Run();

/// <summary>The JSON endpoint's payload.</summary>
internal sealed record Message([property: JsonPropertyName("message")] string Text);

/// <summary>Source-generated serializer metadata, so the NativeAOT build serializes without reflection.</summary>
[JsonSerializable(typeof(Message))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
