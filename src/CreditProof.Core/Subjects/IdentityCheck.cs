using CreditProof.Identifiers;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Subjects;

/// <summary>
/// A service window's check of the person at the counter (现场核验身份): which document was shown, its number masked,
/// who checked and when, and what for. Every window step on a subject's behalf starts with one; it is kept (and audited).
/// </summary>
public sealed class IdentityCheck
{
    public long Id { get; init; }

    public Guid SubjectId { get; init; }

    public IdentityDocument Document { get; init; }

    /// <summary>The document number as shown to staff and auditors: never in full.</summary>
    public required string MaskedNumber { get; init; }

    /// <summary>The name on the document (the legal representative or the authorised agent).</summary>
    public required string HolderName { get; init; }

    public required string CheckedBy { get; init; }

    public DateTime CheckedAt { get; init; }

    /// <summary>What the check was for: <c>report</c> (issue on behalf) or <c>objection</c> (take an objection).</summary>
    public required string Purpose { get; init; }
}

public enum IdentityDocument
{
    /// <summary>居民身份证</summary>
    ResidentIdCard = 1,

    /// <summary>护照</summary>
    Passport = 2,

    /// <summary>港澳台居民居住证或来往内地通行证</summary>
    HongKongMacaoTaiwanPermit = 3,

    /// <summary>外国人永久居留身份证</summary>
    ForeignPermanentResidentCard = 4,
}

public static class IdentityDocuments
{
    public static string NameZh(this IdentityDocument document) => document switch
    {
        IdentityDocument.ResidentIdCard => "居民身份证",
        IdentityDocument.Passport => "护照",
        IdentityDocument.HongKongMacaoTaiwanPermit => "港澳台居民居住证/来往内地通行证",
        IdentityDocument.ForeignPermanentResidentCard => "外国人永久居留身份证",
    };

    public static string NameEn(this IdentityDocument document) => document switch
    {
        IdentityDocument.ResidentIdCard => "resident identity card",
        IdentityDocument.Passport => "passport",
        IdentityDocument.HongKongMacaoTaiwanPermit => "Hong Kong, Macao or Taiwan residence or travel permit",
        IdentityDocument.ForeignPermanentResidentCard => "foreign permanent resident ID card",
    };

    /// <summary>A document number for display: an ID card number as everywhere (<see cref="ResidentId.Mask"/>), others with only the first two and last two characters.</summary>
    public static string Mask(IdentityDocument document, string number) =>
        document == IdentityDocument.ResidentIdCard ? ResidentId.Mask(number)
        : number.Length <= 4 ? new string('*', number.Length)
        : string.Concat(number.AsSpan(0, 2), new string('*', number.Length - 4), number.AsSpan(number.Length - 2));
}

/// <summary>Records a window's identity check after validating what staff typed; the full number is never stored.</summary>
public static class IdentityChecks
{
    public static async Task<IdentityCheck> RecordAsync(CreditProofDbContext db, Guid subjectId, IdentityDocument? document, string? number, string? holderName,
        string checkedBy, string purpose, DateTime now, DateOnly today, CancellationToken ct = default)
    {
        if (document is not { } type || !Enum.IsDefined(type))
            throw new IdentityCheckException("document", "请选择核验的证件类型", "choose the type of document you checked");
        var normalized = (number ?? "").Trim().ToUpperInvariant();
        if (type == IdentityDocument.ResidentIdCard)
        {
            var check = ResidentId.Check(normalized, today);
            if (!check.IsValid)
                throw new IdentityCheckException("number", "身份证号码有误：" + check.ProblemZh, "the ID number is not valid: " + check.ProblemEn);
        }
        else if (normalized.Length is < 5 or > 30 || !normalized.All(char.IsAsciiLetterOrDigit))
        {
            throw new IdentityCheckException("number", "请填写证件号码（5至30位字母或数字）", "type the document number (5 to 30 letters or digits)");
        }

        var name = (holderName ?? "").Trim();
        if (name.Length is 0 or > 100)
            throw new IdentityCheckException("holder", "请填写证件上的姓名", "type the name on the document");
        var entry = new IdentityCheck
        {
            SubjectId = subjectId, Document = type, MaskedNumber = IdentityDocuments.Mask(type, normalized), HolderName = name,
            CheckedBy = checkedBy, CheckedAt = now, Purpose = purpose,
        };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }
}

/// <summary>What staff must fix in the identity check, by field, in both languages.</summary>
public sealed class IdentityCheckException(string field, string messageZh, string messageEn) : Exception($"{messageEn} ({messageZh})")
{
    public string Field { get; } = field;

    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}

internal sealed class IdentityCheckConfiguration : IEntityTypeConfiguration<IdentityCheck>
{
    public void Configure(EntityTypeBuilder<IdentityCheck> b)
    {
        b.ToTable("identity_checks");
        b.Property(c => c.MaskedNumber).HasMaxLength(40);
        b.Property(c => c.HolderName).HasMaxLength(100);
        b.Property(c => c.CheckedBy).HasMaxLength(200);
        b.Property(c => c.Purpose).HasMaxLength(20);
        b.HasOne<Subject>().WithMany().HasForeignKey(c => c.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.SubjectId, c.CheckedAt });
    }
}
