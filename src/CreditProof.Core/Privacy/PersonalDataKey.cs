using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Privacy;

/// <summary>
/// A data key for personal data (个人信息): random 32 bytes, stored only wrapped (AES-256-GCM) by the key-encryption
/// key, so rotating that key re-wraps these without touching a single encrypted value or blind index.
/// </summary>
public sealed class PersonalDataKey
{
    public int Id { get; init; }

    /// <summary><see cref="PersonalDataKeys.EncryptionPurpose"/> or <see cref="PersonalDataKeys.BlindIndexPurpose"/>; one key each.</summary>
    public required string Purpose { get; init; }

    public required byte[] WrappedKey { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RewrappedAt { get; set; }
}

internal sealed class PersonalDataKeyConfiguration : IEntityTypeConfiguration<PersonalDataKey>
{
    public void Configure(EntityTypeBuilder<PersonalDataKey> b)
    {
        b.ToTable("personal_data_keys");
        b.Property(k => k.Purpose).HasMaxLength(40);
        b.HasIndex(k => k.Purpose).IsUnique();
    }
}
