using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.AddCreditProofPlatform();
builder.AddCreditProofWeb();
builder.AddCreditProofSignIn();
builder.AddCreditProofWorkflows();

var app = builder.Build();
app.UseCreditProofWeb();
app.MapCreditProofWeb();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
