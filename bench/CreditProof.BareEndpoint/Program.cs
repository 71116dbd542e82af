// The yardstick for the verification load test: a bare ASP.NET Core endpoint returning a small JSON, same Kestrel,
// same machine, same load generator (bench/load/verify-load.sh).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/ping", () => TypedResults.Ok(new Pong(true, "CN-14")));
await app.RunAsync();

/// <summary>The small JSON answer.</summary>
internal sealed record Pong(bool Ok, string Issuer);
