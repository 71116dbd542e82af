using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Ingest;

public static class IngestServices
{
    /// <summary>The register import (主体库); options from the <c>Register</c> section.</summary>
    public static IServiceCollection AddRegisterImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration.GetSection(RegisterOptions.Section).Get<RegisterOptions>() ?? new RegisterOptions());
        services.TryAddScoped<RegisterImporter>();
        return services;
    }
}
