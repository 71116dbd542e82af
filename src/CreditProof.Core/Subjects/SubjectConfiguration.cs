using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Subjects;

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> b)
    {
        b.ToTable("subjects");
        b.Property(s => s.Code).HasMaxLength(18);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.RegionCode).HasMaxLength(6);
        b.Property(s => s.FormerNames).HasMaxLength(2000);
        // text_pattern_ops (PostgreSQL only; SQLite ignores it): prefix searches (LIKE 'abc%') use these indexes whatever
        // the database's collation; equality lookups use them as before.
        b.HasIndex(s => s.Code).IsUnique().HasOperators("text_pattern_ops");
        b.HasIndex(s => s.Name).HasOperators("text_pattern_ops");
        // The operator's list of subjects known only from records.
        b.HasIndex(s => new { s.InRegister, s.Code });
        b.HasOne<RegisterBatch>().WithMany().HasForeignKey(s => s.RegisterBatchId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(s => s.DisplayCode);
        b.Ignore(s => s.IsNaturalPerson);
        b.Ignore(s => s.IsDeregistered);
        b.Ignore(s => s.FormerNameList);
    }
}
