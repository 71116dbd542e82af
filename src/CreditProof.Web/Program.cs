using CreditProof;
using CreditProof.Web.Hosting;
using CreditProof.Web.Ingest;
using CreditProof.Web.RelyingParties;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using CreditProof.Web.Subjects;
using CreditProof.Web.Transparency;
using CreditProof.Web.Verification;
using CreditProof.Web.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.AddCreditProofHost();
builder.AddCreditProofWeb();
builder.AddCreditProofSignIn();
builder.AddCreditProofWorkflows();
builder.AddCreditProofPortal();
builder.Services.AddCreditProofCore(builder.Configuration);
builder.Services.AddOperatorApiKey();
builder.Services.AddRecordsApi(builder.Configuration);
builder.Services.AddRegisterApi(builder.Configuration);
builder.Services.AddVerification(builder.Configuration);
builder.Services.AddTransparencyApi();
builder.Services.AddRelyingPartyApi();
builder.Services.AddHostedService<RelyingPartyBackground>();

var app = builder.Build();
app.UseCreditProofWeb();
app.MapCreditProofWeb();
app.MapReportsApi();
app.MapRecordsApi();
app.MapRegisterApi();
app.MapVerificationApi();
app.MapTransparencyApi();
app.MapEvidenceApi();
app.MapRelyingPartyApi();
app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Policies.Public);

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
