using CreditProof.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Oversight;

public static class OversightServices
{
    public static IServiceCollection AddCreditProofOversight(this IServiceCollection services) =>
        services.AddSingleton<StatsFold>().AddScoped<DashboardQuery>();
}
