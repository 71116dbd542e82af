using CreditProof.Records;

namespace CreditProof.Reports;

/// <summary>
/// The one definition of the records a report covers: the subject's records of the four counted types, decided within
/// the chosen period, in the chosen domains; and of those, the ones it shows. The content query uses
/// <see cref="Shown"/> in SQL; the lifecycle uses <see cref="Covers"/> and <see cref="IsShown"/> in memory on the same
/// facts. Both forms live here, side by side, and a test checks they agree.
/// </summary>
public sealed class ReportScope
{
    /// <summary>Policy: only the four record types count (行政处罚, 行政强制, 严重失信主体名单, 刑事裁判).</summary>
    public static readonly RecordType[] CountedTypes = [RecordType.Penalty, RecordType.Enforcement, RecordType.Dishonesty, RecordType.Criminal];

    private readonly int[]? _domains;

    /// <param name="domainIds">The chosen domains; null when all domains were chosen.</param>
    public ReportScope(Guid subjectId, DateOnly from, DateOnly to, IEnumerable<int>? domainIds)
    {
        SubjectId = subjectId;
        From = from;
        To = to;
        _domains = domainIds?.Distinct().Order().ToArray();
    }

    public Guid SubjectId { get; }

    public DateOnly From { get; }

    public DateOnly To { get; }

    /// <summary>The scope of an issued report (its domains as stored: comma-separated ids).</summary>
    public static ReportScope Of(IssuedReport report) => Of(report.SubjectId, report.PeriodFrom, report.PeriodTo, report.DomainIds);

    public static ReportScope Of(Guid subjectId, DateOnly from, DateOnly to, string domainIds) =>
        new(subjectId, from, to, domainIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The records the report shows, as a query: covered (<see cref="Covers"/>) and shown (<see cref="IsShown"/>).
    /// One indexed range read: records (SubjectId, DomainId, DecisionDate).
    /// </summary>
    public IQueryable<ViolationRecord> Shown(IQueryable<ViolationRecord> records)
    {
        var subject = SubjectId;
        var (from, to) = (From, To);
        var query = records.Where(r => r.SubjectId == subject
            && CountedTypes.Contains(r.Type)
            // 565号: the subject-chosen period, by decision date.
            && r.DecisionDate >= from && r.DecisionDate <= to
            // Policy: only violations confirmed by an effective document; 不予处罚, revoked and deleted records never appear.
            && r.Status == LegalStatus.Effective);
        if (_domains is { } domains)
            query = query.Where(r => domains.Contains(r.DomainId));
        return query;
    }

    /// <summary>Whether a record of this subject, domain, type and decision date falls within the report, whatever its status.</summary>
    public bool Covers(Guid subjectId, int domainId, RecordType type, DateOnly decisionDate) =>
        subjectId == SubjectId
        && CountedTypes.Contains(type)
        && decisionDate >= From && decisionDate <= To
        && (_domains is null || Array.BinarySearch(_domains, domainId) >= 0);

    /// <summary>Whether a covered record in this legal status is shown (see <see cref="Shown"/>).</summary>
    public static bool IsShown(LegalStatus status) => status == LegalStatus.Effective;
}
