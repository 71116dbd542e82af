using CreditProof.Domains;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Records;

internal sealed class ViolationRecordConfiguration : IEntityTypeConfiguration<ViolationRecord>
{
    public void Configure(EntityTypeBuilder<ViolationRecord> b)
    {
        b.ToTable("records");
        b.HasDiscriminator(r => r.Type)
            .HasValue<PenaltyRecord>(RecordType.Penalty)
            .HasValue<EnforcementRecord>(RecordType.Enforcement)
            .HasValue<DishonestyListing>(RecordType.Dishonesty)
            .HasValue<CriminalJudgment>(RecordType.Criminal);
        b.Property(r => r.SubjectName).HasMaxLength(200);
        b.Property(r => r.DocumentNumber).HasMaxLength(128);
        b.Property(r => r.Category).HasMaxLength(200);
        b.Property(r => r.Facts).HasMaxLength(4000);
        b.Property(r => r.LegalBasis).HasMaxLength(2000);
        b.Property(r => r.Content).HasMaxLength(4000);
        b.Property(r => r.AuthorityName).HasMaxLength(200);
        b.Property(r => r.AuthorityCode).HasMaxLength(18);
        b.Property(r => r.RepairNote).HasMaxLength(1000);
        b.Property(r => r.Remarks).HasMaxLength(1000);
        b.Property(r => r.Version).IsConcurrencyToken();

        b.HasOne(r => r.Subject).WithMany().HasForeignKey(r => r.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CreditDomain>().WithMany().HasForeignKey(r => r.DomainId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.RecordId).OnDelete(DeleteBehavior.Cascade);

        // A record's identity: 谁产生、谁负责 — the unit, the type and the document number.
        b.HasIndex(r => new { r.UnitId, r.Type, r.DocumentNumber }).IsUnique();
        // The report query: one subject, chosen domains, a period.
        b.HasIndex(r => new { r.SubjectId, r.DomainId, r.DecisionDate });
        b.HasIndex(r => r.BatchId);
    }
}

internal sealed class PenaltyRecordConfiguration : IEntityTypeConfiguration<PenaltyRecord>
{
    public void Configure(EntityTypeBuilder<PenaltyRecord> b)
    {
        b.Property(p => p.ViolationType).HasMaxLength(500);
        b.Property(p => p.LicenceAffected).HasMaxLength(500);
    }
}

internal sealed class DishonestyListingConfiguration : IEntityTypeConfiguration<DishonestyListing>
{
    public void Configure(EntityTypeBuilder<DishonestyListing> b)
    {
        b.Property(d => d.ListName).HasMaxLength(200);
        b.Property(d => d.ExtraJson).HasMaxLength(8000);
    }
}

internal sealed class RecordVersionConfiguration : IEntityTypeConfiguration<RecordVersion>
{
    public void Configure(EntityTypeBuilder<RecordVersion> b)
    {
        b.ToTable("record_versions");
        b.Property(v => v.ChangedFields).HasMaxLength(1000);
        b.Property(v => v.ChangedBy).HasMaxLength(200);
        b.Property(v => v.Reason).HasMaxLength(2000);
        b.HasIndex(v => new { v.RecordId, v.Version }).IsUnique();
    }
}
