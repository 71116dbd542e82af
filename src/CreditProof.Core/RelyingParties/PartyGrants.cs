using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.RelyingParties;

/// <summary>A grant as its party or its subject sees it, with the report's status now.</summary>
public sealed record GrantListing(Guid Id, int RelyingPartyId, string PartyName, string ReportNumber, string Purpose, bool NotifyOnChange, bool ShowChanges,
    DateTime CreatedAt, DateTime ExpiresAt, DateTime? EndedAt, string ReportStatus, string? StatusReason, string SubjectName);

/// <summary>What happened to one record since the report was issued.</summary>
public enum RecordChangeKind
{
    /// <summary>A record the report covers was added (or became effective) after issue.</summary>
    Added = 1,
    Corrected = 2,
    Repaired = 3,
    PublicityEnded = 4,

    /// <summary>Withdrawn by its unit or deleted on an objection: a report issued now would not show it.</summary>
    Removed = 5,
}

public sealed record RecordDifference(Guid RecordId, string DocumentNumber, RecordType Type, DateOnly DecisionDate, RecordChangeKind Change, int? VersionShown, int VersionNow);

/// <summary>
/// Subjects' grants to relying parties: the party opens the report while the grant lasts, and — only where the subject
/// consented — sees what changed since issue; the subject lists and ends its grants.
/// </summary>
public sealed class PartyGrants(CreditProofDbContext db, PlatformClock clock)
{
    public Task<List<GrantListing>> ForPartyAsync(int relyingPartyId, CancellationToken ct = default) => Listing(db.PartyGrants.Where(g => g.RelyingPartyId == relyingPartyId), ct);

    public Task<List<GrantListing>> ForSubjectAsync(Guid subjectId, CancellationToken ct = default) => Listing(db.PartyGrants.Where(g => g.SubjectId == subjectId), ct);

    private async Task<List<GrantListing>> Listing(IQueryable<PartyGrant> grants, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var rows = await grants.AsNoTracking().OrderByDescending(g => g.CreatedAt).Take(500)
            .Join(db.IssuedReports, g => g.ReportId, r => r.Id, (g, r) => new { g, r.Status, r.StatusReason, r.ExpiresAt, r.SubjectName })
            .Join(db.RelyingParties, x => x.g.RelyingPartyId, p => p.Id, (x, p) => new { x.g, x.Status, x.StatusReason, x.ExpiresAt, x.SubjectName, p.Name })
            .ToListAsync(ct);
        return rows.Select(x => new GrantListing(x.g.Id, x.g.RelyingPartyId, x.Name, ReportNumbers.FormatNumber(x.g.ReportNumber), x.g.Purpose, x.g.NotifyOnChange, x.g.ShowChanges,
            x.g.CreatedAt, x.g.ExpiresAt, x.g.EndedAt, ReportStatusNames.Name(x.Status, x.ExpiresAt <= now), x.StatusReason, x.SubjectName)).ToList();
    }

    /// <summary>The subject ends a grant: the party can no longer open the report, ask about it or hear of its changes.</summary>
    public async Task EndAsync(Guid subjectId, Guid grantId, string endedBy, CancellationToken ct = default)
    {
        var grant = await db.PartyGrants.SingleOrDefaultAsync(g => g.Id == grantId && g.SubjectId == subjectId, ct)
            ?? throw new WorkflowRefusedException("未找到该授权", "no such grant of yours");
        if (grant.EndedAt is not null)
            return;
        grant.EndedAt = clock.UtcNow;
        grant.EndedBy = endedBy;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The party's active grant for a report and the report; refused as "not shared with you" otherwise.</summary>
    public async Task<(PartyGrant Grant, IssuedReport Report)> OpenAsync(int relyingPartyId, string reportNumber, CancellationToken ct = default)
    {
        var number = ReportNumbers.ParseNumber(reportNumber) ?? throw new WorkflowRefusedException("报告编号无效", "the report number is not valid");
        var now = clock.UtcNow;
        var grant = await db.PartyGrants.AsNoTracking()
            .Where(g => g.RelyingPartyId == relyingPartyId && g.ReportNumber == number && g.EndedAt == null && g.ExpiresAt > now)
            .OrderByDescending(g => g.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new WorkflowRefusedException("该报告未授权贵单位查看，或授权已结束", "the report is not shared with your organisation, or the grant has ended");
        var report = await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Id == grant.ReportId, ct);
        return (grant, report);
    }

    /// <summary>What changed in the records a granted report covers since it was issued — only with the subject's consent.</summary>
    public async Task<(IssuedReport Report, IReadOnlyList<RecordDifference> Changes)> ChangesAsync(int relyingPartyId, string reportNumber, CancellationToken ct = default)
    {
        var (grant, report) = await OpenAsync(relyingPartyId, reportNumber, ct);
        if (!grant.ShowChanges)
            throw new WorkflowRefusedException("信用主体未同意贵单位查看报告出具后的变化", "the subject did not consent to your seeing what changed since issue");
        return (report, await DifferencesAsync(db, report, ct));
    }

    /// <summary>
    /// The records a report issued now would show differently: a record shown at another version (by what its latest
    /// version did), one no longer shown, or one covered but not shown then and shown now. Same versions the lifecycle judges by.
    /// </summary>
    public static async Task<IReadOnlyList<RecordDifference>> DifferencesAsync(CreditProofDbContext db, IssuedReport report, CancellationToken ct)
    {
        var shown = ActiveReport.VersionsIn(report.Content);
        var scope = ReportScope.Of(report);
        var shownIds = shown.Keys.ToList();
        var nowShown = await scope.Shown(db.Records.AsNoTracking()).Select(r => r.Id).ToListAsync(ct);
        var ids = shownIds.Union(nowShown).ToList();
        var records = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.DocumentNumber, r.Type, r.DecisionDate, r.Version, r.Status,
                Change = db.RecordVersions.Where(v => v.RecordId == r.Id && v.Version == r.Version).Select(v => v.Change).FirstOrDefault() })
            .ToListAsync(ct);
        var differences = new List<RecordDifference>();
        foreach (var r in records.OrderBy(r => r.DecisionDate).ThenBy(r => r.DocumentNumber, StringComparer.Ordinal))
        {
            var wasShown = shown.TryGetValue(r.Id, out var version);
            RecordChangeKind? change = (wasShown, ReportScope.IsShown(r.Status)) switch
            {
                (false, true) => RecordChangeKind.Added,
                (true, false) => RecordChangeKind.Removed,
                (true, true) when version != r.Version => r.Change switch
                {
                    ChangeKind.Repaired => RecordChangeKind.Repaired,
                    ChangeKind.PublicityEnded => RecordChangeKind.PublicityEnded,
                    ChangeKind.Created or ChangeKind.Corrected or ChangeKind.Revoked or ChangeKind.Deleted => RecordChangeKind.Corrected,
                },
                _ => null,
            };
            if (change is { } c)
                differences.Add(new RecordDifference(r.Id, r.DocumentNumber, r.Type, r.DecisionDate, c, wasShown ? version : null, r.Version));
        }

        return differences;
    }
}
