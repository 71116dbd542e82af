using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreditProof.Platform;

public static class PlatformServices
{
    /// <summary>Binds <see cref="PlatformOptions"/> once from <c>CreditProof</c> and registers the one <see cref="PlatformClock"/>.</summary>
    public static IServiceCollection AddCreditProofPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection(PlatformOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value);
        services.TryAddSingleton(sp => new PlatformClock(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PlatformOptions>()));
        return services;
    }
}

/// <summary>Start-up checks with messages that say what to change.</summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions o)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            failures.Add($"CreditProof:PublicBaseUrl '{o.PublicBaseUrl}' must be an absolute http(s) URL, e.g. https://credit.example.gov.cn.");
        if (o.UtcOffsetHours is < -12 or > 14)
            failures.Add("CreditProof:UtcOffsetHours must lie between -12 and 14.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
