using CreditProof.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCreditProofPlatform();
builder.AddCreditProofWeb();

var app = builder.Build();
app.UseCreditProofWeb();
app.MapCreditProofWeb();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
