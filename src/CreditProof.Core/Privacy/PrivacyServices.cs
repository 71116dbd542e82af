using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Privacy;

public static class PrivacyServices
{
    public static IServiceCollection AddCreditProofPrivacy(this IServiceCollection services) => services.AddSingleton<PersonalDataKeys>();
}
