using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Reports;

/// <summary>
/// Reads the records a report shows (<see cref="ReportScope"/>) in one indexed query and applies the content rules.
/// Each rule names its source.
/// </summary>
public static class ReportContentQuery
{
    public static async Task<IReadOnlyList<DomainConclusion>> ConclusionsAsync(
        CreditProofDbContext db, Subject subject, ValidatedRequest request, IReadOnlyDictionary<int, DomainData> completeness, CancellationToken ct = default)
    {
        var scope = new ReportScope(subject.Id, request.From, request.To, request.AllDomains ? null : request.Domains.Select(d => d.Id));
        var query = scope.Shown(db.Records.AsNoTracking());

        // Corrections overwrite the row and keep history in record_versions: the row is the current version.
        var rows = await query
            .OrderBy(r => r.DecisionDate).ThenBy(r => r.DocumentNumber)
            .Select(r => new
            {
                r.DomainId,
                r.Severity,
                r.Procedure,
                Record = new ReportRecord
                {
                    Id = r.Id,
                    Version = r.Version,
                    Corrected = db.RecordVersions.Any(v => v.RecordId == r.Id && v.Change == ChangeKind.Corrected),
                    Type = r.Type,
                    DocumentNumber = r.DocumentNumber,
                    DecisionDate = r.DecisionDate,
                    Category = r.Category,
                    ViolationType = ((PenaltyRecord)r).ViolationType,
                    ListName = ((DishonestyListing)r).ListName,
                    Facts = r.Facts,
                    LegalBasis = r.LegalBasis,
                    Content = r.Content,
                    FineFen = ((PenaltyRecord)r).FineFen,
                    ConfiscatedFen = ((PenaltyRecord)r).ConfiscatedFen,
                    LicenceAffected = ((PenaltyRecord)r).LicenceAffected,
                    AuthorityName = r.AuthorityName,
                    AuthorityCode = r.AuthorityCode,
                    ValidUntil = r.ValidUntil,
                    PublicityEnd = r.PublicityEnd,
                    EffectiveOn = ((CriminalJudgment)r).EffectiveOn,
                    RemovedOn = ((DishonestyListing)r).RemovedOn,
                    UnitName = r.Unit.Name,
                    UnitCode = r.Unit.CreditCode,
                    // 565号 and DATA-STANDARD: a repaired record still appears, marked 已修复 with its repair date.
                    Repaired = r.RepairStatus == RepairStatus.Repaired,
                    PublicityEnded = r.RepairStatus == RepairStatus.PublicityEnded,
                    RepairedOn = r.RepairedOn,
                    RepairNote = r.RepairNote,
                    // Issue 7 / 565号 practice: while an objection is open the record is shown, marked 异议处理中.
                    UnderObjection = db.Objections.Any(o => o.RecordId == r.Id
                        && Objection.OpenStatuses.Contains(o.Status)),
                },
            })
            .ToListAsync(ct);

        // DATA-STANDARD: a penalty is published until its 公示截止期 — the unit's date, or the rule table's (PublicityPeriods.EndOf).
        var periods = rows.Any(r => r.Record.Type == RecordType.Penalty && r.Record.PublicityEnd is null)
            ? new PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct))
            : null;
        var byDomain = rows.ToLookup(r => r.DomainId, r => MaskPersonalNumbers(periods is null || r.Record.Type != RecordType.Penalty || r.Record.PublicityEnd is not null
            ? r.Record
            : r.Record with { PublicityEnd = periods.EndOf(null, r.Record.DecisionDate, r.DomainId, r.Severity, r.Procedure) }));
        // Issue 15 / 谁产生、谁负责: each domain states until when its data is complete, and concludes nothing when it is not.
        return request.Domains
            .Select(d => (Domain: d, Data: completeness.GetValueOrDefault(d.Id) ?? DomainData.NoUnits(d.Id, 0)))
            .Select(x => new DomainConclusion(x.Domain.Id, x.Domain.Code, x.Domain.NameZh, byDomain[x.Domain.Id].ToList())
            {
                DataAsOf = x.Data.AsOf,
                Incomplete = !x.Data.Complete,
            })
            .ToList();
    }

    /// <summary>
    /// The subject's commitments in force (not found false) for domains the platform does not cover. Policy: they are
    /// promises, so the report lists them apart and never as a clean conclusion.
    /// </summary>
    public static async Task<IReadOnlyList<ReportCommitment>> CommitmentsAsync(CreditProofDbContext db, Subject subject, CancellationToken ct = default) =>
        await db.Commitments.AsNoTracking()
            .Where(c => c.SubjectId == subject.Id && c.Status != Commitments.CommitmentStatus.Broken)
            .Join(db.Domains, c => c.DomainId, d => d.Id, (c, d) => new { c, d })
            .Where(x => !x.d.IsCovered)
            .OrderBy(x => x.d.SortOrder)
            .Select(x => new ReportCommitment(x.d.Id, x.d.NameZh, x.c.SignedAt, x.c.Status))
            .ToListAsync(ct);

    // DATA-STANDARD: personal ID numbers are never printed in full, also when a unit typed one into free text.
    private static ReportRecord MaskPersonalNumbers(ReportRecord r) => r with
    {
        Facts = Mask(r.Facts),
        Content = Mask(r.Content),
        LegalBasis = Mask(r.LegalBasis),
        RepairNote = Mask(r.RepairNote),
        LicenceAffected = Mask(r.LicenceAffected),
    };

    private static string? Mask(string? text) => text is null ? null : ResidentId.MaskAll(text);
}
