using CreditProof.Domains;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Commitments;

internal sealed class CreditCommitmentConfiguration : IEntityTypeConfiguration<CreditCommitment>
{
    public void Configure(EntityTypeBuilder<CreditCommitment> b)
    {
        b.ToTable("commitments");
        b.Property(c => c.TextZh).HasMaxLength(2000);
        b.Property(c => c.SignedBy).HasMaxLength(200);
        b.Property(c => c.FulfilmentNote).HasMaxLength(2000);
        b.HasOne<Subject>().WithMany().HasForeignKey(c => c.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CreditDomain>().WithMany().HasForeignKey(c => c.DomainId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.SubjectId, c.DomainId, c.Status });
    }
}

internal sealed class CommitmentTemplateConfiguration : IEntityTypeConfiguration<CommitmentTemplate>
{
    public void Configure(EntityTypeBuilder<CommitmentTemplate> b)
    {
        b.ToTable("commitment_templates");
        b.Property(t => t.TextZh).HasMaxLength(2000);
        b.Property(t => t.TextEn).HasMaxLength(2000);
        b.HasOne<CreditDomain>().WithMany().HasForeignKey(t => t.DomainId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.DomainId, t.Version }).IsUnique();
    }
}

internal sealed class IneligibilityConfiguration : IEntityTypeConfiguration<Ineligibility>
{
    public void Configure(EntityTypeBuilder<Ineligibility> b)
    {
        b.ToTable("ineligibilities");
        b.Property(i => i.LiftedBy).HasMaxLength(200);
        b.Property(i => i.LiftReason).HasMaxLength(2000);
        b.HasOne<CreditCommitment>().WithMany().HasForeignKey(i => i.CommitmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.SubjectId, i.LiftedAt });
    }
}
