using CreditProof.Calendar;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Records;
using CreditProof.Regions;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Storage;

internal sealed class CreditDomainConfiguration : IEntityTypeConfiguration<CreditDomain>
{
    public void Configure(EntityTypeBuilder<CreditDomain> b)
    {
        b.ToTable("domains");
        b.Property(d => d.Code).HasMaxLength(64);
        b.Property(d => d.NameZh).HasMaxLength(64);
        b.Property(d => d.NameEn).HasMaxLength(128);
        b.HasIndex(d => d.Code).IsUnique();
        b.HasIndex(d => d.NameZh).IsUnique();
    }
}

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

internal sealed class DataSourceUnitConfiguration : IEntityTypeConfiguration<DataSourceUnit>
{
    public void Configure(EntityTypeBuilder<DataSourceUnit> b)
    {
        b.ToTable("units");
        b.Property(u => u.CreditCode).HasMaxLength(18);
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.RegionCode).HasMaxLength(6);
        b.HasIndex(u => u.CreditCode).IsUnique();
        b.HasOne(u => u.Domain).WithMany().HasForeignKey(u => u.DomainId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> b)
    {
        b.ToTable("subjects");
        b.Property(s => s.Code).HasMaxLength(18);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.RegionCode).HasMaxLength(6);
        b.HasIndex(s => s.Code).IsUnique();
        b.HasIndex(s => s.Name);
        b.Ignore(s => s.DisplayCode);
        b.Ignore(s => s.IsNaturalPerson);
    }
}

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
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Restrict);
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

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.ToTable("import_batches");
        b.Property(x => x.FileName).HasMaxLength(500);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ErrorReportPath).HasMaxLength(1000);
        b.Property(x => x.SubmittedBy).HasMaxLength(200);
        b.HasOne<DataSourceUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UnitId, x.Sha256 });
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.ToTable("calendar_days");
        b.HasKey(d => d.Date);
        b.Property(d => d.Name).HasMaxLength(64);
    }
}

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
