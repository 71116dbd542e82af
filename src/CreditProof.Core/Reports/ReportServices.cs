using CreditProof.Platform;
using CreditProof.Rendering;
using CreditProof.Reports.Lifecycle;
using CreditProof.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreditProof.Reports;

public static class ReportServices
{
    /// <summary>
    /// Registers report issuance and the report lifecycle. Options come from <c>CreditProof:Reports</c>; the key-encryption
    /// key from <c>CreditProof:KeyEncryptionKey</c> or a file in the data folder. A missing font fails host start-up
    /// (ValidateOnStart) with a message saying how to fix it. The seal a report carries (<see cref="IReportSeal"/>) is
    /// registered by Verification, which defines the format verifiers read.
    /// </summary>
    public static IServiceCollection AddCreditProofReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var configured = configuration["CreditProof:KeyEncryptionKey"];
            var key = !string.IsNullOrWhiteSpace(configured)
                ? MasterKey.FromBase64(configured, "configuration CreditProof:KeyEncryptionKey")
                : MasterKey.FromFile(Path.Combine(sp.GetRequiredService<PlatformOptions>().DataDirectory, "keys", "master.key"));
            var previous = configuration["CreditProof:PreviousKeyEncryptionKey"];
            return string.IsNullOrWhiteSpace(previous) ? key : key.WithPrevious(MasterKey.FromBase64(previous, "configuration CreditProof:PreviousKeyEncryptionKey"));
        });
        services.TryAddSingleton(_ => new Pkcs11Token(Pkcs11Options.From(configuration)));
        services.TryAddSingleton<SigningKeyRing>();
        services.TryAddSingleton<ReportCertificateCache>();
        services.TryAddScoped<ReportCertificateStore>();
        // Typed codes are hashed under a stored, wrapped key (not one derived from the key-encryption key), so the
        // key-encryption key can be rotated without invalidating a single verification code, share code or API key.
        services.TryAddSingleton(sp => new CodeHasher(() => sp.GetRequiredService<Privacy.PersonalDataKeys>().TypedCodeKey));
        services.TryAddSingleton<ReportTemplateStore>();
        services.TryAddSingleton<DomainDirectory>();
        services.TryAddSingleton<RegionNames>();
        services.TryAddSingleton<StatusIndexAllocator>();
        services.TryAddSingleton<ReportLifecycle>();
        services.TryAddSingleton(sp => new ReportPdfRenderer(sp.GetRequiredService<IOptions<ReportOptions>>().Value, sp.GetRequiredService<PlatformOptions>(),
            sp.GetRequiredService<Ingest.IngestOptions>()));
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
        if (o.MaxPeriodYears < 1 || o.DefaultPeriodYears < 1 || o.DefaultPeriodYears > o.MaxPeriodYears)
            failures.Add("CreditProof:Reports: MaxPeriodYears and DefaultPeriodYears must be at least 1, the default not above the maximum.");
        if (o.ValidityDays < 1)
            failures.Add("CreditProof:Reports:ValidityDays must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
