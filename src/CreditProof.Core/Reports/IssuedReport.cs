using CreditProof.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Reports;

/// <summary>
/// An issued report, immutable: what it said (canonical content), the hash and length of the exact PDF bytes (which
/// live in the content-addressed <see cref="Storage.PdfStore"/>), the platform's signature, the key and template
/// versions used and who asked. Re-downloading returns the stored file, checked against <see cref="PdfSha256"/>.
/// </summary>
public sealed class IssuedReport
{
    public Guid Id { get; init; }

    /// <summary>16 symbols without dashes (<see cref="ReportNumbers"/>).</summary>
    public required string Number { get; init; }

    /// <summary>SHA-256 (hex) of the verification code; the code itself is printed on the report.</summary>
    public required string VerificationCodeHash { get; init; }

    public Guid SubjectId { get; init; }

    /// <summary>As printed: a natural person's ID number is stored masked here.</summary>
    public required string SubjectDisplayCode { get; init; }

    public required string SubjectName { get; init; }

    public DateOnly PeriodFrom { get; init; }

    public DateOnly PeriodTo { get; init; }

    /// <summary>Chosen domain ids, comma-separated, in report order.</summary>
    public required string DomainIds { get; init; }

    public int RecordCount { get; init; }

    public string? Purpose { get; init; }

    /// <summary>Issued with English labels beside the Chinese (<see cref="ReportRequest.Bilingual"/>).</summary>
    public bool Bilingual { get; init; }

    public required string TemplateVersion { get; init; }

    /// <summary>The canonical content (UTF-8 JSON) exactly as signed.</summary>
    public required byte[] Content { get; init; }

    public required string ContentSha256 { get; init; }

    /// <summary>SHA-256 (hex) of the signed PDF: its name in the PDF store, in the transparency log and under the signature.</summary>
    public required string PdfSha256 { get; init; }

    /// <summary>The PDF's length in bytes (checked before its hash on every read).</summary>
    public long PdfLength { get; init; }

    public SigningAlgorithm Algorithm { get; init; }

    public required string KeyId { get; init; }

    /// <summary>Signature over <see cref="ReportSignature.Message"/> (content digest and PDF hash).</summary>
    public required byte[] Signature { get; init; }

    public required string QrText { get; init; }

    public DateTime IssuedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime DataAsOf { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>The form's idempotency key: a second submit of the same form finds this report instead of issuing another (unique).</summary>
    public string? RequestKey { get; init; }

    /// <summary>Position in the platform's status list (2 bits each), also carried in the QR payload.</summary>
    public int StatusIndex { get; init; }

    /// <summary>
    /// Set at issue (<see cref="Lifecycle.ReportStatusRules.AtIssue"/>); afterwards changed only by
    /// <see cref="Lifecycle.ReportLifecycle"/> when the facts behind the report change, or by the operator's
    /// <see cref="Lifecycle.ReportRevocation"/>. A test fails if any other code writes it.
    /// </summary>
    public ReportStatus Status { get; init; }

    public DateTime? StatusChangedAt { get; init; }

    /// <summary>Why the status last changed, e.g. the record that was corrected or the operator's reason.</summary>
    public string? StatusReason { get; init; }
}

/// <summary>
/// A report's status. The numbers are its 2-bit value in the status list (IETF Token Status List: 0 valid, 1 invalid,
/// 2 suspended, 3 application-specific — here superseded). Expiry is not a stored status: it follows from the exp claim.
/// </summary>
public enum ReportStatus
{
    /// <summary>有效</summary>
    Valid = 0,

    /// <summary>已撤销 (operator, with reason)</summary>
    Revoked = 1,

    /// <summary>暂停使用: an objection to one of its records is being handled.</summary>
    Suspended = 2,

    /// <summary>已更新: a record in it changed after issue, a new report would differ.</summary>
    Superseded = 3,
}

internal sealed class IssuedReportConfiguration : IEntityTypeConfiguration<IssuedReport>
{
    public void Configure(EntityTypeBuilder<IssuedReport> b)
    {
        b.ToTable("issued_reports");
        b.Property(r => r.Number).HasMaxLength(16);
        b.Property(r => r.VerificationCodeHash).HasMaxLength(64);
        b.Property(r => r.SubjectDisplayCode).HasMaxLength(18);
        b.Property(r => r.SubjectName).HasMaxLength(200);
        b.Property(r => r.DomainIds).HasMaxLength(400);
        b.Property(r => r.Purpose).HasMaxLength(100);
        b.Property(r => r.TemplateVersion).HasMaxLength(32);
        b.Property(r => r.ContentSha256).HasMaxLength(64);
        b.Property(r => r.PdfSha256).HasMaxLength(64);
        b.Property(r => r.KeyId).HasMaxLength(16);
        b.Property(r => r.Signature).HasMaxLength(64);
        b.Property(r => r.QrText).HasMaxLength(1000);
        b.Property(r => r.RequestedBy).HasMaxLength(200);
        b.HasIndex(r => r.Number).IsUnique();
        b.Property(r => r.RequestKey).HasMaxLength(64);
        b.HasIndex(r => r.RequestKey).IsUnique();
        b.HasIndex(r => new { r.SubjectId, r.IssuedAt });
        b.HasIndex(r => r.StatusIndex).IsUnique();
        b.HasIndex(r => r.StatusChangedAt);
        b.Property(r => r.StatusReason).HasMaxLength(400);
        b.HasOne<Subjects.Subject>().WithMany().HasForeignKey(r => r.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SigningKey>().WithMany().HasForeignKey(r => r.KeyId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The one status-naming rule for verifiers and holders.</summary>
public static class ReportStatusNames
{
    /// <summary>
    /// The status as verifiers and holders see it: revoked first, then expired (which is not stored, it follows from the
    /// validity), then the stored status; <c>unknown</c> when another platform keeps it (<paramref name="status"/> null).
    /// </summary>
    public static string Name(ReportStatus? status, bool expired) => status switch
    {
        ReportStatus.Revoked => "revoked",
        _ when expired => "expired",
        null => "unknown",
        ReportStatus.Valid => "valid",
        ReportStatus.Suspended => "suspended",
        ReportStatus.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown report status"),
    };
}

/// <summary>The platform's signature over a whole report: its canonical content and its PDF.</summary>
public static class ReportSignature
{
    private static readonly byte[] Context = "CreditProof report signature v1\0"u8.ToArray();

    /// <summary><c>"CreditProof report signature v1\0" ‖ SHA-256(content) ‖ SHA-256(pdf)</c>.</summary>
    public static byte[] Message(ReadOnlySpan<byte> contentSha256, ReadOnlySpan<byte> pdfSha256) => [.. Context, .. contentSha256, .. pdfSha256];

    /// <summary>
    /// The row's signature over its content and its PDF hash. The PDF's bytes are checked against that hash whenever
    /// they are read from the store (<see cref="Storage.PdfStore.ReadAsync(IssuedReport, CancellationToken)"/>).
    /// </summary>
    public static bool Verify(IssuedReport report, TrustedKey key)
    {
        if (!string.Equals(key.Id, report.KeyId, StringComparison.Ordinal) || key.Algorithm != report.Algorithm || !Storage.PdfStore.IsHash(report.PdfSha256))
            return false;
        var content = System.Security.Cryptography.SHA256.HashData(report.Content);
        var pdf = Convert.FromHexString(report.PdfSha256);
        using var verifier = SignatureAlgorithms.CreateVerifier(key.Algorithm, key.PublicKey);
        return verifier.Verify(Message(content, pdf), report.Signature);
    }
}
