using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditProof.RelyingParties;

public static class RelyingPartyServices
{
    /// <summary>The relying parties' services; <see cref="IPartyRateLimiter"/> defaults to the in-memory store (a host may register a shared one first).</summary>
    public static IServiceCollection AddCreditProofRelyingParties(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("CreditProof:RelyingParties:Explanations").Get<ExplanationOptions>() ?? new ExplanationOptions());
        services.TryAddSingleton<IPartyRateLimiter, InMemoryPartyRateLimiter>();
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
