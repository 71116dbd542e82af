using CreditProof.Platform;
using CreditProof.Subjects;
using CreditProof.Units;

namespace CreditProof.Records;

/// <summary>
/// A violation record (违法违规记录) of one of the four types. Its identity is (data source unit, type, document number).
/// The row holds the current version; every version, including the first, is kept in <see cref="RecordVersion"/>.
/// </summary>
public abstract class ViolationRecord
{
    public Guid Id { get; set; }

    public RecordType Type { get; protected init; }

    public Guid SubjectId { get; set; }

    public Subject Subject { get; set; } = null!;

    /// <summary>The subject's name as the unit reported it (行政相对人名称).</summary>
    public required string SubjectName { get; set; }

    /// <summary>The data source unit (数源单位), owner of the record; the domain follows from it.</summary>
    public int UnitId { get; set; }

    public DataSourceUnit Unit { get; set; } = null!;

    /// <summary>Denormalised from the unit so that reports filter by domain without a join.</summary>
    public int DomainId { get; set; }

    /// <summary>决定书文号 / 认定文号 / 判决书文号.</summary>
    public required string DocumentNumber { get; set; }

    /// <summary>Decision date (处罚决定日期, 决定日期, 列入日期, 判决日期).</summary>
    public DateOnly DecisionDate { get; set; }

    public LegalStatus Status { get; set; } = LegalStatus.Effective;

    public Procedure Procedure { get; set; }

    public Severity Severity { get; set; }

    /// <summary>Category from the type's controlled list (处罚类别, 强制类别, 名单类型, 罪名); several joined by ';'.</summary>
    public string? Category { get; set; }

    /// <summary>违法事实 / 事由 / 列入事由.</summary>
    public string? Facts { get; set; }

    /// <summary>处罚依据 / 依据 / 认定依据.</summary>
    public string? LegalBasis { get; set; }

    /// <summary>处罚内容 / 内容 / 判决结果.</summary>
    public string? Content { get; set; }

    /// <summary>The deciding authority (处罚机关, 实施机关, 认定部门, 判决法院).</summary>
    public string? AuthorityName { get; set; }

    public string? AuthorityCode { get; set; }

    /// <summary>处罚有效期 / 期限 / 有效期.</summary>
    public DateOnly? ValidUntil { get; set; }

    /// <summary>公示截止期.</summary>
    public DateOnly? PublicityEnd { get; set; }

    public RepairStatus RepairStatus { get; set; }

    public DateOnly? RepairedOn { get; set; }

    public string? RepairNote { get; set; }

    public string? Remarks { get; set; }

    public int Version { get; set; } = 1;

    // Provenance of the current version.
    public Channel Channel { get; set; }

    public Guid? BatchId { get; set; }

    public int? SourceRow { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Working days from decision to receipt (timeliness; the national rule is publication within 7).</summary>
    public int? ReportingDelayWorkingDays { get; set; }

    public ICollection<RecordVersion> Versions { get; } = [];
}

/// <summary>行政处罚 administrative penalty.</summary>
public sealed class PenaltyRecord : ViolationRecord
{
    public PenaltyRecord() => Type = RecordType.Penalty;

    /// <summary>违法行为类型.</summary>
    public string? ViolationType { get; set; }

    /// <summary>罚款金额, in 1/1,000,000 of 万元 (= fen): exact, sortable and summable on every database.</summary>
    public long? FineFen { get; set; }

    /// <summary>没收违法所得、没收非法财物的金额, in fen.</summary>
    public long? ConfiscatedFen { get; set; }

    /// <summary>暂扣或吊销证照名称及编号.</summary>
    public string? LicenceAffected { get; set; }
}

/// <summary>行政强制 administrative enforcement (measure or execution).</summary>
public sealed class EnforcementRecord : ViolationRecord
{
    public EnforcementRecord() => Type = RecordType.Enforcement;
}

/// <summary>严重失信主体名单 listing on a serious-dishonesty list.</summary>
public sealed class DishonestyListing : ViolationRecord
{
    public DishonestyListing() => Type = RecordType.Dishonesty;

    /// <summary>名单名称, e.g. 失信被执行人.</summary>
    public string? ListName { get; set; }

    /// <summary>移出日期.</summary>
    public DateOnly? RemovedOn { get; set; }

    /// <summary>List-specific attributes (e.g. 执行法院, 案号 for 失信被执行人) as a JSON object.</summary>
    public string? ExtraJson { get; set; }
}

/// <summary>刑事裁判（犯罪记录） criminal judgment against a unit or person.</summary>
public sealed class CriminalJudgment : ViolationRecord
{
    public CriminalJudgment() => Type = RecordType.Criminal;

    /// <summary>生效日期.</summary>
    public DateOnly? EffectiveOn { get; set; }
}
