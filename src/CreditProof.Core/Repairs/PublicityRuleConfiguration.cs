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

internal sealed class RepairApplicationConfiguration : IEntityTypeConfiguration<RepairApplication>
{
    public void Configure(EntityTypeBuilder<RepairApplication> b)
    {
        b.ToTable("repair_applications");
        b.Property(a => a.Statement).HasMaxLength(2000);
        b.Property(a => a.DecisionReason).HasMaxLength(2000);
        b.HasOne<Records.ViolationRecord>().WithMany().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Subjects.Subject>().WithMany().HasForeignKey(a => a.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Units.DataSourceUnit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Attachments).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.RecordId, a.Status });
        b.HasIndex(a => new { a.UnitId, a.Status });
    }
}

internal sealed class RepairEventConfiguration : IEntityTypeConfiguration<RepairEvent>
{
    public void Configure(EntityTypeBuilder<RepairEvent> b)
    {
        b.ToTable("repair_events");
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Note).HasMaxLength(2000);
    }
}

internal sealed class RepairAttachmentConfiguration : IEntityTypeConfiguration<RepairAttachment>
{
    public void Configure(EntityTypeBuilder<RepairAttachment> b)
    {
        b.ToTable("repair_attachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
    }
}
