using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.RelyingParties;

public static class RelyingPartyServices
{
    /// <summary>
    /// The relying parties' services. <see cref="IPartyRateLimiter"/>: counted across nodes in the database on PostgreSQL,
    /// in the process on SQLite (<see cref="Storage.RateCounters.AreShared"/>); a host may register its own first.
    /// </summary>
    public static IServiceCollection AddCreditProofRelyingParties(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("CreditProof:RelyingParties:Explanations").Get<ExplanationOptions>() ?? new ExplanationOptions());
        services.TryAddSingleton<IPartyRateLimiter>(sp =>
        {
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            return Storage.RateCounters.AreShared(sp.GetRequiredService<Storage.DatabaseSettings>())
                ? new SharedPartyRateLimiter(sp.GetRequiredService<Storage.RateCounters>(), time)
                : new InMemoryPartyRateLimiter(time);
        });
        services.AddScoped<RelyingPartyRegistry>();
        services.AddScoped<Requirements>();
        services.AddScoped<PartyGrants>();
        services.AddScoped<PartyVerifications>();
        services.AddScoped<Explanations>();
        services.AddScoped<GroupReports>();
        services.AddSingleton<ChangeWatch>();
        services.AddSingleton(sp => new WebhookSender(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }),
            sp.GetRequiredService<Platform.PlatformClock>(), sp.GetService<Microsoft.Extensions.Logging.ILogger<WebhookSender>>()));
        return services;
    }
}
