using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Ingest;

public static class IngestServices
{
    /// <summary>Record and register imports; options bound once from the <c>Ingest</c> and <c>Register</c> sections.</summary>
    public static IServiceCollection AddCreditProofIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions());
        services.TryAddSingleton(configuration.GetSection(RegisterOptions.Section).Get<RegisterOptions>() ?? new RegisterOptions());
        services.TryAddScoped<RegisterImporter>();
        services.TryAddSingleton<DataCompleteness>();
        return services;
    }
}
