using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Signing;

/// <summary>What a <see cref="ReportCertificate"/> is for.</summary>
public enum ReportCertificateRole
{
    /// <summary>The platform root (报告签章根证书): self-signed, issues signing certificates, published with the trust list.</summary>
    Root = 0,

    /// <summary>The report-signing certificate (报告签章证书): signs the PDF's embedded PAdES signature.</summary>
    Signing = 1,
}

/// <summary>
/// An X.509 certificate of the platform's PDF signature chain (ECDSA P-256). The private key is stored like a
/// <see cref="SigningKey"/>'s: AES-256-GCM under the master key, bound to the certificate id; a retired certificate keeps
/// its certificate so that PDFs signed under it stay verifiable.
/// </summary>
public sealed class ReportCertificate
{
    /// <summary>16 lower-case hex digits, random.</summary>
    public required string Id { get; init; }

    public ReportCertificateRole Role { get; init; }

    /// <summary>The DER-encoded certificate.</summary>
    public required byte[] Certificate { get; init; }

    /// <summary>nonce (12) ‖ ciphertext of the 32-byte private scalar ‖ tag (16). Never logged, never exported.</summary>
    public required byte[] EncryptedPrivateKey { get; set; }

    /// <summary>The root that issued a signing certificate; null for a root.</summary>
    public string? IssuerId { get; init; }

    public DateTime NotBefore { get; init; }

    public DateTime NotAfter { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>True for the one root and the one signing certificate in use.</summary>
    public bool IsActive { get; set; }

    public DateTime? RetiredAt { get; set; }

    public required string CreatedBy { get; init; }
}

internal sealed class ReportCertificateConfiguration : IEntityTypeConfiguration<ReportCertificate>
{
    public void Configure(EntityTypeBuilder<ReportCertificate> b)
    {
        b.ToTable("report_certificates");
        b.Property(c => c.Id).HasMaxLength(16);
        b.Property(c => c.IssuerId).HasMaxLength(16);
        b.Property(c => c.Certificate).HasMaxLength(4096);
        b.Property(c => c.EncryptedPrivateKey).HasMaxLength(60);
        b.Property(c => c.CreatedBy).HasMaxLength(200);
        b.HasIndex(c => new { c.Role, c.IsActive });
    }
}
