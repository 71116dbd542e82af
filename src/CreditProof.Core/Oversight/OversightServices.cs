using CreditProof.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Oversight;

public static class OversightServices
{
    public static IServiceCollection AddCreditProofOversight(this IServiceCollection services) =>
        // The dashboard and the public statistics only read: from the standby when one is configured (ReadOnlyDatabase).
        services.AddSingleton<StatsFold>().AddScoped(sp => new DashboardQuery(sp.GetRequiredService<Storage.ReadOnlyDatabase>().Context,
            sp.GetRequiredService<Platform.PlatformClock>(), sp.GetService<Ingest.DataCompleteness>()));
}
