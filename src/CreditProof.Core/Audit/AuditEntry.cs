using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Audit;

/// <summary>
/// One entry of the audit trail (审计日志): who (actor, role, client address) did what (action) to which object, when,
/// and with what outcome. Append-only: no code path updates or deletes one (<see cref="AuditCapture"/> refuses it, and
/// database triggers refuse it on both providers). Entries are chained and checkpointed by <see cref="AuditSealer"/>.
/// Personal ID numbers never appear in full: every text is masked before it is stored.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    /// <summary>Staff user name, <c>subject:{code}</c> (masked), <c>unit-key:{unit}</c>, <c>cli:{os user}</c> or <c>system</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>operator, unit, window, auditor, subject, api-key, cli or system.</summary>
    public required string Role { get; init; }

    /// <summary>What was done, e.g. <c>POST /unit/inbox</c>, <c>change</c>, <c>sign-in</c>, <c>import</c>, <c>keys rotate-kek</c>.</summary>
    public required string Action { get; init; }

    public string? ObjectType { get; init; }

    public string? ObjectId { get; init; }

    /// <summary>The credit subject whose data was read or changed, when there is one (for "by subject" searches and misuse alerts).</summary>
    public Guid? SubjectId { get; init; }

    public string? Client { get; init; }

    public AuditOutcome Outcome { get; init; }

    public string? Detail { get; init; }
}

public enum AuditOutcome
{
    Succeeded = 1,

    /// <summary>Refused by an authorisation rule (401/403).</summary>
    Denied = 2,

    /// <summary>Attempted and failed (a 4xx/5xx answer, an exception, a wrong password, a non-zero exit code).</summary>
    Failed = 3,
}

/// <summary>
/// The chain: position n links entry <see cref="EntryId"/> to the hash of position n−1. Written by the sealer only,
/// in order of sealing (not of entry id: ids are not committed in order on PostgreSQL), insert-only.
/// </summary>
public sealed class AuditLink
{
    public long Position { get; init; }

    public long EntryId { get; init; }

    public required byte[] PreviousHash { get; init; }

    public required byte[] Hash { get; init; }
}

/// <summary>A signed checkpoint: the chain's hash at a position, signed by the platform key (both algorithms).</summary>
public sealed class AuditCheckpoint
{
    public long Id { get; init; }

    public long Position { get; init; }

    public required byte[] Hash { get; init; }

    public DateTime At { get; init; }

    public required string KeyId { get; init; }

    public Signing.SigningAlgorithm Algorithm { get; init; }

    public required byte[] Signature { get; init; }
}

/// <summary>A pattern of use the auditor should look at, e.g. one account reading many subjects' data in a short time.</summary>
public sealed class AuditAlert
{
    public long Id { get; init; }

    public DateTime DetectedAt { get; init; }

    public required string Actor { get; init; }

    public required string Kind { get; init; }

    public DateTime WindowStart { get; init; }

    public int Count { get; init; }

    public required string DetailZh { get; init; }

    public required string DetailEn { get; init; }
}

internal sealed class AuditConfiguration :
    IEntityTypeConfiguration<AuditEntry>, IEntityTypeConfiguration<AuditLink>, IEntityTypeConfiguration<AuditCheckpoint>, IEntityTypeConfiguration<AuditAlert>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.Role).HasMaxLength(40);
        b.Property(e => e.Action).HasMaxLength(200);
        b.Property(e => e.ObjectType).HasMaxLength(80);
        b.Property(e => e.ObjectId).HasMaxLength(200);
        b.Property(e => e.Client).HasMaxLength(64);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.HasIndex(e => new { e.Actor, e.At });
        b.HasIndex(e => new { e.SubjectId, e.At });
        b.HasIndex(e => e.At);
    }

    public void Configure(EntityTypeBuilder<AuditLink> b)
    {
        b.ToTable("audit_chain");
        b.HasKey(l => l.Position);
        b.Property(l => l.Position).ValueGeneratedNever();
        b.HasIndex(l => l.EntryId).IsUnique();
        b.HasOne<AuditEntry>().WithMany().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("audit_checkpoints");
        b.HasIndex(c => new { c.Position, c.Algorithm }).IsUnique();
        b.Property(c => c.KeyId).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<AuditAlert> b)
    {
        b.ToTable("audit_alerts");
        b.Property(a => a.Actor).HasMaxLength(200);
        b.Property(a => a.Kind).HasMaxLength(60);
        b.Property(a => a.DetailZh).HasMaxLength(500);
        b.Property(a => a.DetailEn).HasMaxLength(500);
        b.HasIndex(a => new { a.Actor, a.Kind, a.WindowStart }).IsUnique();
    }
}
