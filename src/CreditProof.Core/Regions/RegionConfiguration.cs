using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Regions;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        b.HasKey(r => r.Code);
        b.Property(r => r.Code).HasMaxLength(6);
        b.Property(r => r.Name).HasMaxLength(64);
        b.Property(r => r.ParentCode).HasMaxLength(6);
    }
}
