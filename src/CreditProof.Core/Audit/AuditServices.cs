using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Audit;

public static class AuditServices
{
    public static IServiceCollection AddCreditProofAudit(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        services.AddSingleton(options);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditSealer>();
        return services;
    }
}
