using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddCreditProofPlatform();
builder.AddCreditProofWeb();
builder.AddCreditProofSignIn();

var app = builder.Build();
app.UseCreditProofWeb();
app.MapCreditProofWeb();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
