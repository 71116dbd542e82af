using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Units;

internal sealed class DataSourceUnitConfiguration : IEntityTypeConfiguration<DataSourceUnit>
{
    public void Configure(EntityTypeBuilder<DataSourceUnit> b)
    {
        b.ToTable("units");
        b.Property(u => u.CreditCode).HasMaxLength(18);
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.RegionCode).HasMaxLength(6);
        b.Property(u => u.AuthorityNames).HasMaxLength(4000);
        b.HasIndex(u => u.CreditCode).IsUnique();
        b.HasOne(u => u.Domain).WithMany().HasForeignKey(u => u.DomainId).OnDelete(DeleteBehavior.Restrict);
    }
}
