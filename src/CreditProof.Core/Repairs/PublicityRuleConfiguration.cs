using CreditProof.Domains;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Repairs;

internal sealed class PublicityRuleConfiguration : IEntityTypeConfiguration<PublicityRule>
{
    public void Configure(EntityTypeBuilder<PublicityRule> b)
    {
        b.ToTable("publicity_rules");
        b.Property(r => r.Regime).HasMaxLength(200);
        b.HasOne<CreditDomain>().WithMany().HasForeignKey(r => r.DomainId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.RegimeFrom, r.Severity, r.DomainId });
    }
}
