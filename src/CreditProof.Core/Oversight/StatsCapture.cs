using CreditProof.Commitments;
using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Statistics;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CreditProof.Oversight;

/// <summary>
/// Counts what a <c>SaveChanges</c> does for the statistics, in its own transaction: a report issued, an objection
/// opened or closed, a repair applied for or decided, a commitment signed or found false, a record received through the
/// context. Each becomes a <see cref="StatDelta"/> row (append-only, so concurrent writers never wait for one counter);
/// <see cref="StatsFold"/> adds them to <see cref="DailyStat"/>. Bulk writers (record imports, the access log) write
/// their deltas themselves (<see cref="StatDeltas"/>, <see cref="Sharing.AccessStats"/>).
/// </summary>
public sealed class StatsCapture : Storage.BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var tracker = context.ChangeTracker;
        if (tracker.AutoDetectChangesEnabled)
            tracker.DetectChanges();
        var deltas = new List<StatDelta>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            switch (entry.Entity)
            {
                case IssuedReport report when entry.State == EntityState.Added:
                    deltas.AddRange(WorkflowDeltas.ForReport(report.IssuedAt, report.RequestedBy, report.Purpose, report.DomainIds, StatMetrics.CityOf(RegionOf(context, report.SubjectId))));
                    break;
                case ViolationRecord record when entry.State == EntityState.Added:
                    deltas.AddRange(StatDeltas.ForNewRecords([record]));
                    break;
                case Objection objection:
                    AddObjection(entry, objection, deltas);
                    break;
                case RepairApplication repair:
                    AddRepair(entry, repair, deltas);
                    break;
                case CreditCommitment commitment:
                    if (entry.State == EntityState.Added)
                        deltas.Add(new StatDelta { Metric = StatMetrics.CommitmentsMade, At = commitment.SignedAt, DomainId = commitment.DomainId });
                    if (commitment.Status == CommitmentStatus.Broken && Original(entry, nameof(CreditCommitment.Status)) is not CommitmentStatus.Broken)
                        deltas.Add(WorkflowDeltas.ForFalseCommitment(commitment));
                    break;
            }
        }

        if (deltas.Count > 0)
            context.AddRange(deltas);
    }

    private static void AddObjection(EntityEntry entry, Objection objection, List<StatDelta> deltas)
    {
        if (entry.State == EntityState.Added)
            deltas.Add(new StatDelta { Metric = StatMetrics.ObjectionsOpened, At = objection.SubmittedAt, UnitId = objection.UnitId });
        var before = entry.State == EntityState.Added ? ObjectionStatus.Submitted : (ObjectionStatus)Original(entry, nameof(Objection.Status))!;
        if (objection.IsOpen || !Objection.OpenStatuses.Contains(before))
            return;
        deltas.AddRange(WorkflowDeltas.ForClosedObjection(objection));
    }

    private static void AddRepair(EntityEntry entry, RepairApplication repair, List<StatDelta> deltas)
    {
        if (entry.State == EntityState.Added)
            deltas.Add(new StatDelta { Metric = StatMetrics.RepairsApplied, At = repair.SubmittedAt, UnitId = repair.UnitId });
        var before = entry.State == EntityState.Added ? RepairApplicationStatus.Submitted : (RepairApplicationStatus)Original(entry, nameof(RepairApplication.Status))!;
        if (before != RepairApplicationStatus.Submitted || repair.Status is not (RepairApplicationStatus.Approved or RepairApplicationStatus.Refused))
            return;
        deltas.Add(WorkflowDeltas.ForRepairDecision(repair));
    }

    private static object? Original(EntityEntry entry, string property) =>
        entry.State == EntityState.Added ? null : entry.Property(property).OriginalValue;

    // A primary-key read inside the transaction; the tracked entity first.
    private static string? RegionOf(DbContext context, Guid subjectId) =>
        context.Set<Subject>().Local.FirstOrDefault(s => s.Id == subjectId)?.RegionCode
        ?? context.Set<Subject>().Where(s => s.Id == subjectId).Select(s => s.RegionCode).FirstOrDefault();
}
