using CreditProof.Notifications;
using CreditProof.Records;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Objections;

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.ToTable("objections");
        b.Property(o => o.Reason).HasMaxLength(2000);
        b.Property(o => o.DecisionReason).HasMaxLength(2000);
        b.Property(o => o.TakenAtWindowBy).HasMaxLength(200);
        b.Ignore(o => o.IsOpen);
        b.Ignore(o => o.CurrentDueOn);
        b.HasOne<ViolationRecord>().WithMany().HasForeignKey(o => o.RecordId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Subject>().WithMany().HasForeignKey(o => o.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DataSourceUnit>().WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.ObjectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Attachments).WithOne().HasForeignKey(a => a.ObjectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(o => new { o.RecordId, o.Status });
        b.HasIndex(o => new { o.UnitId, o.Status });
        b.HasIndex(o => new { o.SubjectId, o.SubmittedAt });
    }
}

internal sealed class ObjectionEventConfiguration : IEntityTypeConfiguration<ObjectionEvent>
{
    public void Configure(EntityTypeBuilder<ObjectionEvent> b)
    {
        b.ToTable("objection_events");
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Note).HasMaxLength(2000);
    }
}

internal sealed class ObjectionAttachmentConfiguration : IEntityTypeConfiguration<ObjectionAttachment>
{
    public void Configure(EntityTypeBuilder<ObjectionAttachment> b)
    {
        b.ToTable("objection_attachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.RecipientId).HasMaxLength(64);
        b.Property(n => n.TitleZh).HasMaxLength(200);
        b.Property(n => n.TitleEn).HasMaxLength(200);
        b.Property(n => n.BodyZh).HasMaxLength(2000);
        b.Property(n => n.BodyEn).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(200);
        b.HasIndex(n => new { n.RecipientKind, n.RecipientId, n.CreatedAt });
    }
}
