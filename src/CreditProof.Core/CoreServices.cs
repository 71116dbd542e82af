using CreditProof.Audit;
using CreditProof.Ingest;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Privacy;
using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Subjects;
using CreditProof.Transparency;
using CreditProof.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof;

/// <summary>The composition root of Core: each feature registers its own services; hosts call this once.</summary>
public static class CoreServices
{
    public static IServiceCollection AddCreditProofCore(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCreditProofPlatform(configuration)
            .AddCreditProofAudit(configuration)
            .AddCreditProofPrivacy()
            .AddCreditProofReports(configuration)
            .AddCreditProofVerification()
            .AddCreditProofTransparency()
            .AddCreditProofSharing()
            .AddSubjectRegister(configuration)
            .AddCreditProofIngest(configuration)
            .AddCreditProofOversight()
            .AddCreditProofRelyingParties(configuration);
}
