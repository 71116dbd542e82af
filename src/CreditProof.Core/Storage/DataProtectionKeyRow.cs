using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Storage;

/// <summary>
/// One key of the web hosts' data protection key ring (the keys that seal sign-in cookies and antiforgery tokens), in
/// the database so that every web node shares it (issue 19). The key's XML is encrypted under the key-encryption key
/// (AES-256-GCM, the row's name as associated data) and re-wrapped by <c>keys rotate-kek</c>.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public int Id { get; set; }

    /// <summary>The key ring's name for the key (e.g. <c>key-{guid}</c>).</summary>
    public required string Name { get; set; }

    public required byte[] EncryptedXml { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The associated data the XML is encrypted with.</summary>
    public static string AssociatedData(string name) => "data-protection:" + name;
}

internal sealed class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> b)
    {
        b.ToTable("data_protection_keys");
        b.Property(k => k.Name).HasMaxLength(200);
        b.HasIndex(k => k.Name).IsUnique();
    }
}
