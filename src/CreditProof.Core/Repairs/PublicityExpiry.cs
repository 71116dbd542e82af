using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Repairs;

/// <summary>
/// DATA-STANDARD: at the maximum publicity period, publicity stops automatically. Effective, unrepaired penalties whose
/// publicity end (the unit's 公示截止期, or else the rule table's maximum) has passed are marked
/// <see cref="RepairStatus.PublicityEnded"/> with a new version; special reports keep showing them, marked 公示期满.
/// Idempotent: run it as often as you like (the web host runs it hourly).
/// </summary>
public static class PublicityExpiry
{
    private const int Chunk = 2000;

    public static async Task<int> EndDueAsync(CreditProofDbContext db, DateOnly today, DateTime now, CancellationToken ct = default)
    {
        var periods = new PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct));
        // No rule keeps a penalty published for less than three months, so younger records without a date cannot be due.
        var youngest = today.AddMonths(-3);
        var ended = 0;
        Guid? after = null;
        while (true)
        {
            var query = db.Records.Where(r => r.Type == RecordType.Penalty && r.Status == LegalStatus.Effective && r.RepairStatus == RepairStatus.NotRepaired
                && (r.PublicityEnd <= today || (r.PublicityEnd == null && r.DecisionDate <= youngest)));
            if (after is { } last)
                query = query.Where(r => r.Id.CompareTo(last) > 0);
            var chunk = await query.OrderBy(r => r.Id).Take(Chunk).ToListAsync(ct);
            if (chunk.Count == 0)
                return ended;
            after = chunk[^1].Id;

            foreach (var record in chunk)
            {
                var end = periods.EndOf(record);
                if (end is not { } publicityEnd || publicityEnd > today)
                    continue;
                RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.PublicityEnded, "system", Channel.Workflow, now, "公示期满，自动停止公示 / publicity period over"),
                    r =>
                    {
                        r.PublicityEnd = publicityEnd;
                        r.RepairStatus = RepairStatus.PublicityEnded;
                        r.RepairedOn = publicityEnd;
                    });
                ended++;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
