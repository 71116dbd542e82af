using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Accounts;

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> b)
    {
        b.ToTable("staff_accounts");
        b.Property(a => a.UserName).HasMaxLength(100);
        b.Property(a => a.DisplayName).HasMaxLength(200);
        b.Property(a => a.PasswordHash).HasMaxLength(200);
        b.Property(a => a.ProtectedTotpSecret).HasMaxLength(500);
        b.Property(a => a.SecurityStamp).HasMaxLength(64);
        b.Ignore(a => a.TotpEnabled);
        b.HasIndex(a => a.UserName).IsUnique();
        b.HasOne<DataSourceUnit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
