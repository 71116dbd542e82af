using CreditProof.Platform;
namespace CreditProof.Records;

/// <summary>One version of a record: a full snapshot, who changed it, when, how and what. Nothing is overwritten without trace.</summary>
public sealed class RecordVersion
{
    public long Id { get; set; }

    public Guid RecordId { get; set; }

    public int Version { get; set; }

    public ChangeKind Change { get; set; }

    /// <summary>The record's fields as JSON (<see cref="RecordSnapshot"/>).</summary>
    public required string SnapshotJson { get; set; }

    /// <summary>Names of the fields that changed from the previous version, ';'-separated.</summary>
    public string? ChangedFields { get; set; }

    /// <summary>Who made the change: a unit code, a user name or a workflow.</summary>
    public required string ChangedBy { get; set; }

    public string? Reason { get; set; }

    public Channel Channel { get; set; }

    public Guid? BatchId { get; set; }

    public int? SourceRow { get; set; }

    public DateTime ChangedAt { get; set; }
}
