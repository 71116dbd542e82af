using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Transparency;

public static class TransparencyServices
{
    /// <summary>The sequencer of the issuance transparency log. The queue is filled by <see cref="TransparencyCapture"/>, which every context carries.</summary>
    public static IServiceCollection AddCreditProofTransparency(this IServiceCollection services)
    {
        services.TryAddSingleton<TransparencyLog>();
        return services;
    }
}
