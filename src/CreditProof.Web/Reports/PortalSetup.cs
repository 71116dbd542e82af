using CreditProof.Ingest;

namespace CreditProof.Web.Reports;

public static class PortalSetup
{
    /// <summary>The services behind the portal's report, window and operator pages.</summary>
    public static WebApplicationBuilder AddCreditProofPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReportFormService>();
        builder.Services.AddScoped<ReportSummaries>();
        builder.Services.AddScoped<UnitApiKeys>();
        return builder;
    }
}
