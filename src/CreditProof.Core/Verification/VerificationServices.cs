using CreditProof.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Verification;

public static class VerificationServices
{
    /// <summary>The trust list, the status list, the verifiers, and the seal issuance prints (<see cref="IReportSeal"/>).</summary>
    public static IServiceCollection AddCreditProofVerification(this IServiceCollection services)
    {
        services.TryAddSingleton<IReportSeal, QrSeal>();
        services.TryAddSingleton<TrustStore>();
        services.TryAddSingleton<ForeignStatusStore>();
        services.TryAddSingleton<ReportStatusCache>();
        services.TryAddSingleton<RegisterNoteCache>();
        services.TryAddSingleton<ReportVerifier>();
        return services;
    }
}
