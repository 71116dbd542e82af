using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Transparency;

/// <summary>
/// An issued report waiting for its place in the transparency log (签发透明日志): written with the report, in the same
/// transaction (<see cref="TransparencyCapture"/>), and removed when the sequencer gives it a leaf.
/// </summary>
public sealed class TransparencyQueueEntry
{
    public Guid ReportId { get; init; }

    public required string ReportNumber { get; init; }

    /// <summary>RFC 9162 leaf hash of the report's <see cref="LogEntry"/>.</summary>
    public required byte[] LeafHash { get; init; }

    public DateTime QueuedAt { get; init; }
}

/// <summary>Leaf <see cref="Index"/> of the log: one issued report, in the order the sequencer took them.</summary>
public sealed class TransparencyLeaf
{
    public long Index { get; init; }

    public required string ReportNumber { get; init; }

    public required byte[] LeafHash { get; init; }

    public DateTime SequencedAt { get; init; }
}

/// <summary>
/// The hash of a complete subtree above the leaves: level L, index i covers leaves [i·2^L, (i+1)·2^L). Written once,
/// when its last leaf arrives; any proof reads O(log n) of them.
/// </summary>
public sealed class TransparencyNode
{
    public int Level { get; init; }

    public long Index { get; init; }

    public required byte[] Hash { get; init; }
}

/// <summary>A signed tree head (签名树头), one per sequencer run that appended leaves; the tree size is the key, so the log cannot fork.</summary>
public sealed class TreeHeadRecord
{
    public long TreeSize { get; init; }

    /// <summary>Milliseconds since 1970 (UTC), as signed.</summary>
    public long Timestamp { get; init; }

    /// <summary>The published JSON document (<see cref="SignedTreeHead.ToJson"/>), exactly as signed.</summary>
    public required string Document { get; init; }
}

internal sealed class TransparencyQueueEntryConfiguration : IEntityTypeConfiguration<TransparencyQueueEntry>
{
    public void Configure(EntityTypeBuilder<TransparencyQueueEntry> b)
    {
        b.ToTable("transparency_queue");
        b.HasKey(e => e.ReportId);
        b.Property(e => e.ReportId).ValueGeneratedNever();
        b.Property(e => e.ReportNumber).HasMaxLength(16);
        b.Property(e => e.LeafHash).HasMaxLength(MerkleTree.HashSize);
        b.HasIndex(e => new { e.QueuedAt, e.ReportId });
    }
}

internal sealed class TransparencyLeafConfiguration : IEntityTypeConfiguration<TransparencyLeaf>
{
    public void Configure(EntityTypeBuilder<TransparencyLeaf> b)
    {
        b.ToTable("transparency_leaves");
        b.HasKey(l => l.Index);
        b.Property(l => l.Index).ValueGeneratedNever();
        b.Property(l => l.ReportNumber).HasMaxLength(16);
        b.Property(l => l.LeafHash).HasMaxLength(MerkleTree.HashSize);
        // No foreign key to the report on purpose: a deleted report must show as a leaf without its report, not be prevented.
        b.HasIndex(l => l.ReportNumber).IsUnique();
    }
}

internal sealed class TransparencyNodeConfiguration : IEntityTypeConfiguration<TransparencyNode>
{
    public void Configure(EntityTypeBuilder<TransparencyNode> b)
    {
        b.ToTable("transparency_nodes");
        b.HasKey(n => new { n.Level, n.Index });
        b.Property(n => n.Hash).HasMaxLength(MerkleTree.HashSize);
    }
}

internal sealed class TreeHeadRecordConfiguration : IEntityTypeConfiguration<TreeHeadRecord>
{
    public void Configure(EntityTypeBuilder<TreeHeadRecord> b)
    {
        b.ToTable("transparency_heads");
        b.HasKey(h => h.TreeSize);
        b.Property(h => h.TreeSize).ValueGeneratedNever();
        b.Property(h => h.Document).HasMaxLength(4000);
    }
}
