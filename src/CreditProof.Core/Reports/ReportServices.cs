using CreditProof.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreditProof.Reports;

public static class ReportServices
{
    /// <summary>
    /// Registers report issuance and signing keys. Options come from <c>CreditProof:Reports</c>; the QR base URL from
    /// <c>CreditProof:PublicBaseUrl</c>; the key-encryption key from <c>CreditProof:KeyEncryptionKey</c> or a file in the
    /// data folder. A missing font fails host start-up (ValidateOnStart) with a message saying how to fix it.
    /// </summary>
    public static IServiceCollection AddCreditProofReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReportOptions>()
            .Bind(configuration.GetSection(ReportOptions.Section))
            .PostConfigure(o =>
            {
                if (configuration["CreditProof:PublicBaseUrl"] is { Length: > 0 } baseUrl)
                    o.PublicBaseUrl = baseUrl;
                if (configuration[$"{ReportOptions.Section}:DataDirectory"] is null && configuration["CreditProof:DataDirectory"] is { Length: > 0 } data)
                    o.DataDirectory = data;
            })
            .ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var configured = configuration["CreditProof:KeyEncryptionKey"];
            if (!string.IsNullOrWhiteSpace(configured))
                return MasterKey.FromBase64(configured, "configuration CreditProof:KeyEncryptionKey");
            var o = sp.GetRequiredService<IOptions<ReportOptions>>().Value;
            return MasterKey.FromFile(Path.Combine(o.DataDirectory, "keys", "master.key"));
        });
        services.TryAddSingleton<SigningKeyRing>();
        services.TryAddSingleton<ReportTemplateStore>();
        services.TryAddSingleton<DomainDirectory>();
        services.TryAddSingleton<Verification.StatusIndexAllocator>();
        services.TryAddSingleton<Verification.TrustStore>();
        services.TryAddSingleton<Verification.ForeignStatusStore>();
        services.TryAddSingleton<Verification.CodeHasher>();
        services.TryAddSingleton<Verification.ReportStatusCache>();
        services.TryAddSingleton<Verification.ReportVerifier>();
        services.TryAddSingleton<Verification.AccessLog>();
        services.TryAddScoped<Verification.ShareGrants>();
        services.TryAddSingleton(sp => new ReportPdfRenderer(sp.GetRequiredService<IOptions<ReportOptions>>().Value));
        services.TryAddScoped<ReportIssuer>();
        services.TryAddScoped<SigningKeyStore>();
        return services;
    }
}

/// <summary>Start-up checks with messages that say what to change.</summary>
internal sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions o)
    {
        var failures = new List<string>();
        if (!File.Exists(o.FontPath))
            failures.Add(new ReportFontMissingException(o.FontPath).Message);
        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            failures.Add($"CreditProof:PublicBaseUrl '{o.PublicBaseUrl}' must be an absolute http(s) URL, e.g. https://credit.example.gov.cn.");
        if (o.MaxPeriodYears < 1 || o.DefaultPeriodYears < 1 || o.DefaultPeriodYears > o.MaxPeriodYears)
            failures.Add("CreditProof:Reports: MaxPeriodYears and DefaultPeriodYears must be at least 1, the default not above the maximum.");
        if (o.ValidityDays < 1)
            failures.Add("CreditProof:Reports:ValidityDays must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
