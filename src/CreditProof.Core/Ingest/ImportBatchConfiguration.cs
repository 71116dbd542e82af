using CreditProof.Records;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Ingest;

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
        // DataCompleteness: each unit's first and latest delivery, and the newest completion overall, are index seeks.
        b.HasIndex(x => new { x.UnitId, x.CompletedAt });
        b.HasIndex(x => x.CompletedAt);
        // The record → batch link is configured here, so that Records need not know where records come from.
        b.HasMany<ViolationRecord>().WithOne().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
