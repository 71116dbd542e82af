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
        b.HasIndex(s => s.Code).IsUnique();
        b.HasIndex(s => s.Name);
        b.Ignore(s => s.DisplayCode);
        b.Ignore(s => s.IsNaturalPerson);
    }
}
