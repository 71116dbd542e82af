using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.Subjects;

public static class RegisterServices
{
    /// <summary>Registers the subject register's services; options from the <c>Register</c> section (defaults: Shanxi).</summary>
    public static IServiceCollection AddSubjectRegister(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<SubjectDirectory>();
        return services;
    }
}
