using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Reports.Lifecycle;

/// <summary>What one <see cref="ReportLifecycle.ApplyPendingAsync"/> did.</summary>
public readonly record struct LifecycleRun(int ChangesApplied, int StatusesChanged);

/// <summary>
/// Keeps every issued report's status true: turns pending <see cref="ReportChange"/> entries into status changes.
/// Each round reads a slice of entries, derives the statuses of the reports they reach, writes the statuses that differ
/// and deletes the entries, all in one transaction: a crash before the commit leaves the entries to the next run, and
/// running twice (or on two nodes at once) changes nothing more, because statuses are derived from the current facts
/// and written only where they differ (conditional on the status read). The status list follows the stored statuses.
/// The web host runs this continuously; the CLI after each command that changes data.
/// </summary>
public sealed class ReportLifecycle(PlatformClock clock)
{
    private const int EntriesPerRound = 1000;
    private const int SubjectsPerQuery = 500;

    public async Task<LifecycleRun> ApplyPendingAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var total = new LifecycleRun();
        while (true)
        {
            var round = await ApplyRoundAsync(db, ct);
            total = new LifecycleRun(total.ChangesApplied + round.ChangesApplied, total.StatusesChanged + round.StatusesChanged);
            if (round.ChangesApplied < EntriesPerRound)
                return total;
        }
    }

    /// <summary>How many changes wait to be applied (health checks, the operator).</summary>
    public static Task<int> PendingAsync(CreditProofDbContext db, CancellationToken ct = default) => db.ReportChanges.CountAsync(ct);

    private async Task<LifecycleRun> ApplyRoundAsync(CreditProofDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var entries = await db.ReportChanges.AsNoTracking().OrderBy(c => c.Id).Take(EntriesPerRound).ToListAsync(ct);
        if (entries.Count == 0)
            return default;
        var now = clock.UtcNow;
        var changed = 0;

        // Final statuses first: a report that lists a commitment found false is revoked, whatever else happened.
        foreach (var entry in entries.Where(e => e.Kind == ReportChangeKind.CommitmentFoundFalse))
            changed += await RevokeListingCommitmentAsync(db, entry, now, ct);
        foreach (var entry in entries.Where(e => e.Kind == ReportChangeKind.DomainCoverageChanged))
            changed += await SupersedeForDomainAsync(db, entry, now, ct);
        foreach (var entry in entries.Where(e => e.Kind == ReportChangeKind.SubjectRegisterChanged))
            changed += await SupersedeForRegisterAsync(db, entry, now, ct);

        var subjects = entries.Where(e => e.SubjectId is not null).Select(e => e.SubjectId!.Value).ToHashSet();
        var batches = entries.Where(e => e.Kind == ReportChangeKind.RecordsImported && e.ObjectId is not null).Select(e => e.ObjectId!.Value).ToList();
        if (batches.Count > 0)
        {
            subjects.UnionWith(await Active(db)
                .Where(r => db.Records.Any(x => x.BatchId != null && batches.Contains(x.BatchId.Value) && x.SubjectId == r.SubjectId))
                .Select(r => r.SubjectId).Distinct().ToListAsync(ct));
        }

        foreach (var chunk in subjects.Chunk(SubjectsPerQuery))
            changed += await EvaluateSubjectsAsync(db, chunk, now, ct);

        var ids = entries.Select(e => e.Id).ToList();
        await db.ReportChanges.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        Faults.Reach(Faults.BeforeLifecycleCommit);
        await transaction.CommitAsync(ct);
        return new LifecycleRun(entries.Count, changed);
    }

    private static IQueryable<IssuedReport> Active(CreditProofDbContext db) =>
        db.IssuedReports.AsNoTracking().Where(r => r.Status == ReportStatus.Valid || r.Status == ReportStatus.Suspended);

    private static async Task<int> EvaluateSubjectsAsync(CreditProofDbContext db, Guid[] subjects, DateTime now, CancellationToken ct)
    {
        var reports = (await Active(db).Where(r => subjects.Contains(r.SubjectId))
                .Select(r => new { r.Id, r.SubjectId, r.IssuedAt, r.PeriodFrom, r.PeriodTo, r.DomainIds, r.Status, r.Content })
                .ToListAsync(ct))
            .Select(r => new ActiveReport(r.Id, r.SubjectId, r.IssuedAt, r.PeriodFrom, r.PeriodTo, r.DomainIds, r.Status, ActiveReport.VersionsIn(r.Content)))
            .ToList();
        if (reports.Count == 0)
            return 0;
        var withReports = reports.Select(r => r.SubjectId).Distinct().ToList();
        // The records that can matter: changed since the oldest report's issue (issue times are truncated to the second,
        // hence the margin; the decision itself is by version), or under objection now.
        var oldest = reports.Min(r => r.IssuedAt).AddSeconds(-1);
        var records = await db.Records.AsNoTracking()
            .Where(r => withReports.Contains(r.SubjectId)
                && (r.UpdatedAt >= oldest || db.Objections.Any(o => o.RecordId == r.Id && Objection.OpenStatuses.Contains(o.Status))))
            .Select(r => new RecordFacts(r.Id, r.Version, r.SubjectId, r.DomainId, r.Type, r.DecisionDate, r.DocumentNumber, r.Status,
                db.Objections.Any(o => o.RecordId == r.Id && Objection.OpenStatuses.Contains(o.Status))))
            .ToListAsync(ct);
        var bySubject = records.ToLookup(r => r.SubjectId);

        var updated = 0;
        foreach (var report in reports)
        {
            var (status, reason) = ReportStatusRules.Evaluate(report, bySubject[report.SubjectId]);
            if (status != report.Status)
                updated += await SetAsync(db, report.Id, report.Status, status, reason, now, ct);
        }

        return updated;
    }

    /// <summary>The reports that listed the commitment: issued after it was signed, before it was found false, and naming its domain among their commitments.</summary>
    private static async Task<int> RevokeListingCommitmentAsync(CreditProofDbContext db, ReportChange entry, DateTime now, CancellationToken ct)
    {
        var commitment = await db.Commitments.AsNoTracking().Where(c => c.Id == entry.ObjectId).Select(c => new { c.SubjectId, c.DomainId, c.SignedAt }).SingleOrDefaultAsync(ct);
        if (commitment is null)
            return 0;
        var candidates = await Active(db)
            .Where(r => r.SubjectId == commitment.SubjectId && r.IssuedAt >= commitment.SignedAt.AddSeconds(-1) && r.IssuedAt <= entry.At)
            .Select(r => new { r.Id, r.Status, r.Content })
            .ToListAsync(ct);
        var updated = 0;
        foreach (var report in candidates)
        {
            if (ReportContent.FromCanonicalJson(report.Content).Commitments.Any(c => c.DomainId == commitment.DomainId))
                updated += await SetAsync(db, report.Id, report.Status, ReportStatus.Revoked, ReportStatusRules.CommitmentFalseReason, now, ct);
        }

        return updated;
    }

    /// <summary>Reports issued before the change that chose the domain, or listed a commitment for it, no longer say what a report issued now would.</summary>
    private static async Task<int> SupersedeForDomainAsync(CreditProofDbContext db, ReportChange entry, DateTime now, CancellationToken ct)
    {
        if (entry.DomainId is not { } domain)
            return 0;
        var marker = "," + domain.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
        var committed = db.Commitments.Where(c => c.DomainId == domain).Select(c => c.SubjectId);
        var reports = await Active(db)
            .Where(r => r.IssuedAt <= entry.At && (("," + r.DomainIds + ",").Contains(marker) || committed.Contains(r.SubjectId)))
            .Select(r => new { r.Id, r.Status })
            .ToListAsync(ct);
        var updated = 0;
        foreach (var report in reports)
            updated += await SetAsync(db, report.Id, report.Status, ReportStatus.Superseded, ReportStatusRules.DomainCoverageReason, now, ct);
        return updated;
    }

    /// <summary>A deregistered subject, or one whose type changed, no longer is what its reports' covers say.</summary>
    private static async Task<int> SupersedeForRegisterAsync(CreditProofDbContext db, ReportChange entry, DateTime now, CancellationToken ct)
    {
        var subject = await db.Subjects.AsNoTracking().Where(s => s.Id == entry.SubjectId).Select(s => new { s.RegisterStatus, s.StatusSince }).SingleOrDefaultAsync(ct);
        if (subject is null)
            return 0;
        var reason = subject.RegisterStatus is { } status && status is RegisterStatus.Deregistered or RegisterStatus.Revoked
            ? $"主体登记状态为{status.NameZh()}（{subject.StatusSince:yyyy-MM-dd}） / the register lists the subject as {status.NameEn()} since {subject.StatusSince:yyyy-MM-dd}"
            : "主体登记信息已变更 / the subject's register facts changed";
        var reports = await Active(db).Where(r => r.SubjectId == entry.SubjectId && r.IssuedAt <= entry.At).Select(r => new { r.Id, r.Status }).ToListAsync(ct);
        var updated = 0;
        foreach (var report in reports)
            updated += await SetAsync(db, report.Id, report.Status, ReportStatus.Superseded, reason, now, ct);
        return updated;
    }

    private static Task<int> SetAsync(CreditProofDbContext db, Guid id, ReportStatus from, ReportStatus to, string? reason, DateTime now, CancellationToken ct) =>
        db.IssuedReports
            .Where(r => r.Id == id && r.Status == from)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, to).SetProperty(r => r.StatusChangedAt, now).SetProperty(r => r.StatusReason, reason), ct);
}
