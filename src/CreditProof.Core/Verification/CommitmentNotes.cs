using CreditProof.Commitments;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Verification;

/// <summary>One credit commitment (信用承诺) a report lists, with the state it has now: verifiers see whether it was kept or found false since.</summary>
public sealed record CommitmentNote(string DomainZh, string DomainEn, DateTime SignedAt, CommitmentStatus StatusAtIssue, CommitmentStatus StatusNow);

/// <summary>
/// The commitments behind a report issued here: for the domains the platform does not cover, the subject's promises
/// the report lists (ReportContentQuery.CommitmentsAsync at issue), each with its current status from the commitments
/// table, so a verifier learns of a commitment later found false (which also revokes the report).
/// </summary>
public static class CommitmentNotes
{
    public static async Task<IReadOnlyList<CommitmentNote>> ForAsync(CreditProofDbContext db, string formattedOrPlainNumber, CancellationToken ct = default)
    {
        if (ReportNumbers.ParseNumber(formattedOrPlainNumber) is not { } number)
            return [];
        var report = await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => new { r.SubjectId, r.Content }).SingleOrDefaultAsync(ct);
        if (report is null)
            return [];
        var listed = ReportContent.FromCanonicalJson(report.Content).Commitments;
        if (listed.Count == 0)
            return [];
        var domainIds = listed.Select(c => c.DomainId).ToList();
        var now = await db.Commitments.AsNoTracking().Where(c => c.SubjectId == report.SubjectId && domainIds.Contains(c.DomainId))
            .Select(c => new { c.DomainId, c.SignedAt, c.Status }).ToListAsync(ct);
        var names = await db.Domains.AsNoTracking().Where(d => domainIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.NameEn, ct);
        return listed
            .Select(c => new CommitmentNote(c.DomainNameZh, names.GetValueOrDefault(c.DomainId, c.DomainNameZh), c.SignedAt, c.Status,
                now.FirstOrDefault(x => x.DomainId == c.DomainId && x.SignedAt == c.SignedAt)?.Status ?? c.Status))
            .ToList();
    }
}
