// TEMPORARY wiring by the ingest branch for its API tests; the lead's Program.cs replaces this file.
using CreditProof.Storage;
using CreditProof.Web.Ingest;

var builder = WebApplication.CreateBuilder(args);
var settings = CreditProofDatabase.Settings(builder.Configuration["Database:Provider"], builder.Configuration.GetConnectionString("CreditProof"),
    Path.Combine(builder.Environment.ContentRootPath, "data"));
builder.Services.AddCreditProofDatabase(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRecordsApi(builder.Configuration);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapOpenApi();
app.MapRecordsApi();
app.MapGet("/healthz", () => "ok");
app.Run();

public partial class Program;
