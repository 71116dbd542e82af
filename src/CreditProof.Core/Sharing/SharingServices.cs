using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Sharing;

public static class SharingServices
{
    /// <summary>The holder's share grants (授权) and the access log of every use of a report.</summary>
    public static IServiceCollection AddCreditProofSharing(this IServiceCollection services)
    {
        services.TryAddSingleton<AccessLog>();
        services.TryAddScoped<ShareGrants>();
        return services;
    }
}
