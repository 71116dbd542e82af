using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Subjects;

internal sealed class SubjectChangeConfiguration : IEntityTypeConfiguration<SubjectChange>
{
    public void Configure(EntityTypeBuilder<SubjectChange> b)
    {
        b.ToTable("subject_changes");
        b.Property(c => c.ChangedFields).HasMaxLength(200);
        b.Property(c => c.OldName).HasMaxLength(200);
        b.Property(c => c.NewName).HasMaxLength(200);
        b.Property(c => c.ChangedBy).HasMaxLength(200);
        b.HasOne<Subject>().WithMany().HasForeignKey(c => c.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RegisterBatch>().WithMany().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        // A subject's history in order; "renamed since" looks up renames after a report's issue time.
        b.HasIndex(c => new { c.SubjectId, c.ChangedAt });
    }
}

internal sealed class RegisterBatchConfiguration : IEntityTypeConfiguration<RegisterBatch>
{
    public void Configure(EntityTypeBuilder<RegisterBatch> b)
    {
        b.ToTable("register_batches");
        b.Property(x => x.FileName).HasMaxLength(500);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ErrorReportPath).HasMaxLength(1000);
        b.Property(x => x.SubmittedBy).HasMaxLength(200);
        b.HasIndex(x => x.StartedAt);
    }
}
