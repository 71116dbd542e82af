using CreditProof.Workflows;

namespace CreditProof.Objections;

/// <summary>An objection (异议) by a subject to one record. The platform accepts it, the record's unit decides on it.</summary>
public sealed class Objection : Workflows.IDueStep
{
    public Guid Id { get; set; }

    public Guid RecordId { get; set; }

    public Guid SubjectId { get; set; }

    /// <summary>The record's data source unit: the only one that may decide (谁产生、谁负责).</summary>
    public int UnitId { get; set; }

    public required string Reason { get; set; }

    /// <summary>The service window staff member who took the objection at the counter on the subject's behalf (窗口代为受理); null when the subject filed it.</summary>
    public string? TakenAtWindowBy { get; set; }

    public ObjectionStatus Status { get; set; }

    public DateTime SubmittedAt { get; set; }

    /// <summary>The platform must accept or reject by this working day.</summary>
    public DateOnly AcceptDueOn { get; set; }

    /// <summary>The unit must decide by this working day (set on acceptance).</summary>
    public DateOnly? UnitDueOn { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>The reason given with the last decision (rejection, correction, deletion or upholding).</summary>
    public string? DecisionReason { get; set; }

    /// <summary>Set when an overdue step was escalated to the operator.</summary>
    public DateTime? EscalatedAt { get; set; }

    public ICollection<ObjectionEvent> Events { get; } = [];

    public ICollection<ObjectionAttachment> Attachments { get; } = [];

    /// <summary>
    /// The one definition of "an open objection" (a record under objection, 异议处理中): submitted and not yet decided.
    /// Queries use <c>Objection.OpenStatuses.Contains(o.Status)</c>, which EF translates to <c>IN</c>.
    /// </summary>
    public static readonly ObjectionStatus[] OpenStatuses = [ObjectionStatus.Submitted, ObjectionStatus.AwaitingSourceUnit];

    public bool IsOpen => OpenStatuses.Contains(Status);

    /// <summary>The due date of the step that is pending now, if any.</summary>
    public DateOnly? CurrentDueOn => Status switch
    {
        ObjectionStatus.Submitted => AcceptDueOn,
        ObjectionStatus.AwaitingSourceUnit => UnitDueOn,
        ObjectionStatus.Rejected or ObjectionStatus.Corrected or ObjectionStatus.Deleted or ObjectionStatus.Upheld or ObjectionStatus.Withdrawn => null,
    };

    public bool IsOverdue(DateOnly today) => Workflows.OverdueEscalation.IsOverdue(this, today);
}

public enum ObjectionStatus
{
    /// <summary>已提交，待平台受理</summary>
    Submitted = 1,

    /// <summary>已受理，待数源单位核查</summary>
    AwaitingSourceUnit = 2,

    /// <summary>不予受理</summary>
    Rejected = 3,

    /// <summary>已更正</summary>
    Corrected = 4,

    /// <summary>已删除</summary>
    Deleted = 5,

    /// <summary>维持原记录</summary>
    Upheld = 6,

    /// <summary>已撤回</summary>
    Withdrawn = 7,
}

public enum ObjectionAction
{
    Accept = 1,
    Reject = 2,
    Correct = 3,
    Delete = 4,
    Uphold = 5,
    Withdraw = 6,
}

/// <summary>One transition in an objection's history.</summary>
public sealed class ObjectionEvent
{
    public long Id { get; set; }

    public Guid ObjectionId { get; set; }

    public ObjectionStatus? From { get; set; }

    public ObjectionStatus To { get; set; }

    public required string ActorName { get; set; }

    public ActorRole ActorRole { get; set; }

    public string? Note { get; set; }

    public DateTime At { get; set; }
}

/// <summary>A file the subject attached as evidence, stored by content hash outside the database.</summary>
public sealed class ObjectionAttachment
{
    public long Id { get; set; }

    public Guid ObjectionId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }
}

public static class ObjectionStatuses
{
    public static string NameZh(this ObjectionStatus status) => status switch
    {
        ObjectionStatus.Submitted => "待受理",
        ObjectionStatus.AwaitingSourceUnit => "待数源单位核查",
        ObjectionStatus.Rejected => "不予受理",
        ObjectionStatus.Corrected => "已更正",
        ObjectionStatus.Deleted => "已删除",
        ObjectionStatus.Upheld => "维持原记录",
        ObjectionStatus.Withdrawn => "已撤回",
    };

    public static string NameEn(this ObjectionStatus status) => status switch
    {
        ObjectionStatus.Submitted => "awaiting acceptance",
        ObjectionStatus.AwaitingSourceUnit => "awaiting the data source unit",
        ObjectionStatus.Rejected => "rejected",
        ObjectionStatus.Corrected => "record corrected",
        ObjectionStatus.Deleted => "record deleted",
        ObjectionStatus.Upheld => "record upheld",
        ObjectionStatus.Withdrawn => "withdrawn",
    };

    /// <summary>The state machine: the status an action leads to from a status, or null when it is not allowed.</summary>
    public static ObjectionStatus? Next(ObjectionStatus from, ObjectionAction action) => (from, action) switch
    {
        (ObjectionStatus.Submitted, ObjectionAction.Accept) => ObjectionStatus.AwaitingSourceUnit,
        (ObjectionStatus.Submitted, ObjectionAction.Reject) => ObjectionStatus.Rejected,
        (ObjectionStatus.Submitted or ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Withdraw) => ObjectionStatus.Withdrawn,
        (ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Correct) => ObjectionStatus.Corrected,
        (ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Delete) => ObjectionStatus.Deleted,
        (ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Uphold) => ObjectionStatus.Upheld,
        _ => null,
    };

    /// <summary>Who may take an action: the platform accepts, the record's unit decides, the subject withdraws.</summary>
    public static ActorRole RoleFor(ObjectionAction action) => action switch
    {
        ObjectionAction.Accept or ObjectionAction.Reject => ActorRole.Operator,
        ObjectionAction.Correct or ObjectionAction.Delete or ObjectionAction.Uphold => ActorRole.UnitStaff,
        ObjectionAction.Withdraw => ActorRole.Subject,
    };
}
