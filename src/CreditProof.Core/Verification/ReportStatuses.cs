using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Verification;

/// <summary>
/// Keeps issued reports' statuses true to their records. A report becomes <see cref="ReportStatus.Superseded"/> when a
/// record it could show changed after issue (corrected, deleted, revoked, repaired, or newly received with a decision
/// date inside its period): a report issued now would differ. It is <see cref="ReportStatus.Suspended"/> while an objection
/// to one of its records is open, and returns to valid when the objection closes without a change. Superseded and
/// revoked are final. Called by every path that changes records, after it saved.
/// </summary>
public static class ReportStatuses
{
    public static async Task<int> RefreshAsync(CreditProofDbContext db, IReadOnlyCollection<Guid> subjectIds, DateTime now, CancellationToken ct = default)
    {
        if (subjectIds.Count == 0)
            return 0;
        var ids = subjectIds.Distinct().ToList();
        var reports = await db.IssuedReports.AsNoTracking()
            .Where(r => ids.Contains(r.SubjectId) && (r.Status == ReportStatus.Valid || r.Status == ReportStatus.Suspended))
            .Select(r => new ActiveReport(r.Id, r.SubjectId, r.IssuedAt, r.PeriodFrom, r.PeriodTo, r.DomainIds, r.Status))
            .ToListAsync(ct);
        if (reports.Count == 0)
            return 0;

        var subjectsWithReports = reports.Select(r => r.SubjectId).Distinct().ToList();
        var oldest = reports.Min(r => r.IssuedAt);
        var changed = await db.Records.AsNoTracking()
            .Where(r => subjectsWithReports.Contains(r.SubjectId) && r.UpdatedAt > oldest)
            .Select(r => new RecordFacts(r.SubjectId, r.DomainId, r.DecisionDate, r.DocumentNumber, r.Status, r.ReceivedAt, r.UpdatedAt))
            .ToListAsync(ct);
        var disputed = await db.Objections.AsNoTracking()
            .Where(o => subjectsWithReports.Contains(o.SubjectId) && (o.Status == ObjectionStatus.Submitted || o.Status == ObjectionStatus.AwaitingSourceUnit))
            .Join(db.Records, o => o.RecordId, r => r.Id, (o, r) => new RecordFacts(r.SubjectId, r.DomainId, r.DecisionDate, r.DocumentNumber, r.Status, r.ReceivedAt, r.UpdatedAt))
            .ToListAsync(ct);

        var updated = 0;
        foreach (var report in reports)
        {
            var (status, reason) = Evaluate(report, changed, disputed);
            if (status == report.Status)
                continue;
            updated += await db.IssuedReports
                .Where(r => r.Id == report.Id && r.Status == report.Status)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, status).SetProperty(r => r.StatusChangedAt, now).SetProperty(r => r.StatusReason, reason), ct);
        }

        return updated;
    }

    /// <summary>After a batch import: the subjects whose records the batch created or changed.</summary>
    public static async Task<int> RefreshForBatchAsync(CreditProofDbContext db, Guid batchId, DateTime now, CancellationToken ct = default)
    {
        var subjects = await db.IssuedReports.AsNoTracking()
            .Where(r => (r.Status == ReportStatus.Valid || r.Status == ReportStatus.Suspended) && db.Records.Any(x => x.BatchId == batchId && x.SubjectId == r.SubjectId))
            .Select(r => r.SubjectId)
            .Distinct()
            .ToListAsync(ct);
        return await RefreshAsync(db, subjects, now, ct);
    }

    /// <summary>The operator withdraws a report (e.g. issued on forged authority); final.</summary>
    public static async Task<bool> RevokeAsync(CreditProofDbContext db, string number, string reason, string revokedBy, DateTime now, CancellationToken ct = default)
    {
        var parsed = ReportNumbers.ParseNumber(number) ?? throw new ArgumentException($"'{number}' is not a report number.", nameof(number));
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException("A revocation needs a reason.", nameof(reason));
        var text = $"{reason.Trim()} — {revokedBy}";
        return await db.IssuedReports.Where(r => r.Number == parsed && r.Status != ReportStatus.Revoked)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Revoked).SetProperty(r => r.StatusChangedAt, now).SetProperty(r => r.StatusReason, text), ct) == 1;
    }

    /// <summary>
    /// The status as verifiers and holders see it: revoked first, then expired (which is not stored, it follows from the
    /// validity), then the stored status; <c>unknown</c> when another platform keeps it (<paramref name="status"/> null).
    /// </summary>
    public static string Name(ReportStatus? status, bool expired) => status switch
    {
        ReportStatus.Revoked => "revoked",
        _ when expired => "expired",
        null => "unknown",
        ReportStatus.Valid => "valid",
        ReportStatus.Suspended => "suspended",
        ReportStatus.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown report status"),
    };

    internal static (ReportStatus Status, string? Reason) Evaluate(ActiveReport report, IEnumerable<RecordFacts> changed, IEnumerable<RecordFacts> disputed)
    {
        var domains = report.DomainIds.Split(',').ToHashSet(StringComparer.Ordinal);
        bool InScope(RecordFacts r) => r.SubjectId == report.SubjectId
            && r.DecisionDate >= report.From && r.DecisionDate <= report.To
            && domains.Contains(r.DomainId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A record already there at issue that changed in any way, or a new record the report would now show.
        var superseding = changed.FirstOrDefault(r => InScope(r) && r.UpdatedAt > report.IssuedAt
            && (r.ReceivedAt <= report.IssuedAt || r.Status == LegalStatus.Effective));
        if (superseding is not null)
            return (ReportStatus.Superseded, $"记录{superseding.DocumentNumber}在报告出具后发生变更 / record {superseding.DocumentNumber} changed after issue");

        // Only records the report shows: effective and received before issue.
        var objected = disputed.FirstOrDefault(r => InScope(r) && r.Status == LegalStatus.Effective && r.ReceivedAt <= report.IssuedAt);
        if (objected is not null)
            return (ReportStatus.Suspended, $"记录{objected.DocumentNumber}异议处理中 / an objection to record {objected.DocumentNumber} is being handled");
        return (ReportStatus.Valid, null);
    }

    internal sealed record ActiveReport(Guid Id, Guid SubjectId, DateTime IssuedAt, DateOnly From, DateOnly To, string DomainIds, ReportStatus Status);

    internal sealed record RecordFacts(Guid SubjectId, int DomainId, DateOnly DecisionDate, string DocumentNumber, LegalStatus Status, DateTime ReceivedAt, DateTime UpdatedAt);
}
