using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Signing;

/// <summary>
/// A platform signing key. The private key is stored encrypted (AES-256-GCM under the master key, bound to the key id);
/// a retired key keeps its public key so that reports signed with it stay verifiable.
/// </summary>
public sealed class SigningKey
{
    /// <summary>16 lower-case hex digits: the 8 bytes that go into COSE's <c>kid</c> header.</summary>
    public required string Id { get; init; }

    public SigningAlgorithm Algorithm { get; init; }

    /// <summary>Uncompressed EC point (65 bytes).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>nonce (12) ‖ ciphertext (32) ‖ tag (16). Never logged, never exported. Empty when the token holds the key.</summary>
    public required byte[] EncryptedPrivateKey { get; set; }

    /// <summary>Where the private half lives: here (encrypted) or in a PKCS#11 token under <c>CKA_ID</c> = the id's bytes.</summary>
    public KeyCustody Custody { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>True for the one key per algorithm that signs new reports.</summary>
    public bool IsActive { get; set; }

    /// <summary>When rotation replaced it; it still verifies what it signed.</summary>
    public DateTime? RetiredAt { get; set; }

    public required string CreatedBy { get; init; }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> b)
    {
        b.ToTable("signing_keys");
        b.Property(k => k.Id).HasMaxLength(16);
        b.Property(k => k.PublicKey).HasMaxLength(65);
        b.Property(k => k.EncryptedPrivateKey).HasMaxLength(60);
        b.Property(k => k.CreatedBy).HasMaxLength(200);
        b.HasIndex(k => new { k.Algorithm, k.IsActive });
    }
}
