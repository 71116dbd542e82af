using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Ingest;

public enum RevocationOutcome
{
    Revoked,
    NotFound,
    AlreadyRevoked,
}

/// <summary>A unit withdraws (撤销) a record it submitted: the record is kept, marked revoked, with a new version saying who and why.</summary>
public sealed class RecordRevocation(CreditProofDbContext db, TimeProvider time)
{
    public async Task<(RevocationOutcome Outcome, ViolationRecord? Record)> RevokeAsync(int unitId, RecordType type, string documentNumber, string revokedBy,
        string? reason, Channel channel, CancellationToken ct = default)
    {
        // The identity includes the unit: a unit can only ever reach its own records (谁产生、谁负责).
        var record = await db.Records.SingleOrDefaultAsync(r => r.UnitId == unitId && r.Type == type && r.DocumentNumber == documentNumber, ct);
        if (record is null)
            return (RevocationOutcome.NotFound, null);
        if (record.Status == LegalStatus.Revoked)
            return (RevocationOutcome.AlreadyRevoked, record);
        RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Revoked, revokedBy, channel, time.GetUtcNow().UtcDateTime, reason),
            r => r.Status = LegalStatus.Revoked);
        await db.SaveChangesAsync(ct);
        return (RevocationOutcome.Revoked, record);
    }
}
