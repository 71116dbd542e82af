using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Identifiers;

internal sealed class AllowListedCodeConfiguration : IEntityTypeConfiguration<AllowListedCode>
{
    public void Configure(EntityTypeBuilder<AllowListedCode> b)
    {
        b.ToTable("allow_listed_codes");
        b.HasKey(a => a.Code);
        b.Property(a => a.Code).HasMaxLength(18);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.Property(a => a.AddedBy).HasMaxLength(200);
    }
}
