using CreditProof.Platform;
using CreditProof.Storage;

namespace CreditProof.Records;

/// <summary>Who changed a record, how, through which channel, when and why; for a file's row, its batch and row number.</summary>
public sealed record RecordProvenance(ChangeKind Change, string ChangedBy, Channel Channel, DateTime At, string? Reason = null, Guid? BatchId = null,
    int? SourceRow = null);

/// <summary>
/// The only place that writes a <see cref="RecordVersion"/>: every record change goes through here and leaves a version
/// saying who changed what, when and why (a test fails on any other <c>new RecordVersion</c>).
/// </summary>
public static class RecordHistory
{
    /// <summary>
    /// Changes a tracked record and adds its next version to <paramref name="db"/>, to be saved with it. Returns null,
    /// and leaves the record as it was, when <paramref name="apply"/> changed no field: no version is written for nothing.
    /// </summary>
    public static RecordVersion? Change(CreditProofDbContext db, ViolationRecord record, RecordProvenance provenance, Action<ViolationRecord> apply)
    {
        var before = RecordSnapshot.Capture(record);
        apply(record);
        var after = RecordSnapshot.Capture(record);
        var changed = RecordSnapshot.Differences(before, after);
        if (changed.Count == 0)
            return null;
        record.Version++;
        record.UpdatedAt = provenance.At;
        record.Channel = provenance.Channel;
        var version = Version(record, provenance, RecordSnapshot.ToJson(after), string.Join(';', changed));
        db.RecordVersions.Add(version);
        return version;
    }

    /// <summary>
    /// The version of a record written in bulk by the importer or the demo seeder (the record row itself is bulk-written
    /// too): version 1 for a new record, or the next one with the fields that changed.
    /// </summary>
    public static RecordVersion ForBulkWrite(ViolationRecord record, RecordProvenance provenance, string snapshotJson, string? changedFields = null) =>
        Version(record, provenance, snapshotJson, changedFields);

    private static RecordVersion Version(ViolationRecord record, RecordProvenance provenance, string snapshotJson, string? changedFields) => new()
    {
        RecordId = record.Id,
        Version = record.Version,
        Change = provenance.Change,
        SnapshotJson = snapshotJson,
        ChangedFields = changedFields,
        ChangedBy = provenance.ChangedBy,
        Reason = provenance.Reason,
        Channel = provenance.Channel,
        BatchId = provenance.BatchId,
        SourceRow = provenance.SourceRow,
        ChangedAt = provenance.At,
    };
}
