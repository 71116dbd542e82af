namespace CreditProof.Records;

/// <summary>Changes a record and writes the version that says who changed what, when and why. The only way to change a stored record.</summary>
public static class RecordHistory
{
    public static RecordVersion Change(ViolationRecord record, ChangeKind change, string changedBy, string? reason, Channel channel, DateTime at, Action<ViolationRecord> apply)
    {
        var before = RecordSnapshot.Capture(record);
        apply(record);
        var after = RecordSnapshot.Capture(record);
        record.Version++;
        record.UpdatedAt = at;
        record.Channel = channel;
        return new RecordVersion
        {
            RecordId = record.Id,
            Version = record.Version,
            Change = change,
            SnapshotJson = RecordSnapshot.ToJson(after),
            ChangedFields = string.Join(';', RecordSnapshot.Differences(before, after)),
            ChangedBy = changedBy,
            Reason = reason,
            Channel = channel,
            ChangedAt = at,
        };
    }
}
