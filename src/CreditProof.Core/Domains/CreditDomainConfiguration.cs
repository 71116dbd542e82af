using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Domains;

internal sealed class CreditDomainConfiguration : IEntityTypeConfiguration<CreditDomain>
{
    public void Configure(EntityTypeBuilder<CreditDomain> b)
    {
        b.ToTable("domains");
        b.Property(d => d.Code).HasMaxLength(64);
        b.Property(d => d.NameZh).HasMaxLength(64);
        b.Property(d => d.NameEn).HasMaxLength(128);
        b.Property(d => d.CoverageReason).HasMaxLength(400);
        b.Property(d => d.CoverageChangedBy).HasMaxLength(200);
        b.HasIndex(d => d.Code).IsUnique();
        b.HasIndex(d => d.NameZh).IsUnique();
    }
}
