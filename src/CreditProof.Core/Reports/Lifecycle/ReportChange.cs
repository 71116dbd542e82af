using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Reports.Lifecycle;

/// <summary>
/// One change that may alter what an issued report would show, written in the same transaction as the change itself
/// (by <see cref="ReportChangeCapture"/>) and consumed by <see cref="ReportLifecycle"/>, which derives the reports'
/// statuses from it and deletes it in one transaction. A pending entry is a promise: until it is applied, some report's
/// status may be behind its records; once applied, nothing of it is left to apply twice.
/// </summary>
public sealed class ReportChange
{
    public long Id { get; init; }

    public ReportChangeKind Kind { get; init; }

    /// <summary>The subject whose reports may change; null when the change reaches many subjects (a batch, a domain).</summary>
    public Guid? SubjectId { get; init; }

    /// <summary>What changed, by <see cref="Kind"/>: the record, the objection, the commitment or the import batch.</summary>
    public Guid? ObjectId { get; init; }

    /// <summary>The domain whose coverage changed.</summary>
    public int? DomainId { get; init; }

    /// <summary>When the change was made (UTC); reports issued before it may be affected, reports issued after it already show it.</summary>
    public DateTime At { get; init; }
}

/// <summary>The kinds of change that reach issued reports. The number is stored: append, never renumber.</summary>
public enum ReportChangeKind
{
    /// <summary>A record was created one by one (a batch's records come as <see cref="RecordsImported"/>).</summary>
    RecordCreated = 1,

    /// <summary>A record's content was corrected (更正) by its unit, in a file, through the API or on an objection.</summary>
    RecordCorrected = 2,

    /// <summary>The unit withdrew (撤销) a record.</summary>
    RecordRevoked = 3,

    /// <summary>A record was deleted on an objection.</summary>
    RecordDeleted = 4,

    /// <summary>A repair (信用修复) was approved: the record is shown 已修复.</summary>
    RecordRepaired = 5,

    /// <summary>The record's publicity period ended (公示期满).</summary>
    PublicityEnded = 6,

    /// <summary>An import batch committed records (created or changed); <see cref="ReportChange.ObjectId"/> is the batch.</summary>
    RecordsImported = 7,

    /// <summary>An objection (异议) to a record was opened: reports showing the record are suspended.</summary>
    ObjectionOpened = 8,

    /// <summary>An objection closed (rejected, withdrawn, upheld, or decided with a change).</summary>
    ObjectionClosed = 9,

    /// <summary>A credit commitment (信用承诺) was found false: reports that listed it are revoked.</summary>
    CommitmentFoundFalse = 10,

    /// <summary>An operator changed whether, or since when, the platform covers a domain.</summary>
    DomainCoverageChanged = 11,

    /// <summary>Any other change to a record (a change kind added later).</summary>
    RecordChanged = 12,

    /// <summary>The register (主体库) deregistered the subject (注销), revoked its licence (吊销), or corrected its type, which the report's cover states.</summary>
    SubjectRegisterChanged = 13,
}

internal sealed class ReportChangeConfiguration : IEntityTypeConfiguration<ReportChange>
{
    public void Configure(EntityTypeBuilder<ReportChange> b)
    {
        b.ToTable("report_changes");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedOnAdd();
    }
}
