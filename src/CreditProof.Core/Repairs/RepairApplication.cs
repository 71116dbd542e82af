using CreditProof.Workflows;

namespace CreditProof.Repairs;

/// <summary>A subject's application for credit repair (信用修复) of one record; the unit that decided the record decides (谁认定、谁修复).</summary>
public sealed class RepairApplication
{
    public Guid Id { get; set; }

    public Guid RecordId { get; set; }

    public Guid SubjectId { get; set; }

    public int UnitId { get; set; }

    /// <summary>What the subject did to correct its behaviour (履行义务、纠正失信行为).</summary>
    public required string Statement { get; set; }

    public RepairApplicationStatus Status { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }

    public ICollection<RepairEvent> Events { get; } = [];

    public ICollection<RepairAttachment> Attachments { get; } = [];
}

/// <summary>A file the subject attached to its application as evidence (e.g. the receipt of the paid fine), stored like objection evidence.</summary>
public sealed class RepairAttachment
{
    public long Id { get; set; }

    public Guid ApplicationId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }
}

public enum RepairApplicationStatus
{
    /// <summary>待数源单位审核</summary>
    Submitted = 1,

    /// <summary>准予修复</summary>
    Approved = 2,

    /// <summary>不予修复</summary>
    Refused = 3,

    /// <summary>已撤回</summary>
    Withdrawn = 4,
}

public enum RepairAction
{
    Approve = 1,
    Refuse = 2,
    Withdraw = 3,
}

public sealed class RepairEvent
{
    public long Id { get; set; }

    public Guid ApplicationId { get; set; }

    public RepairApplicationStatus? From { get; set; }

    public RepairApplicationStatus To { get; set; }

    public required string ActorName { get; set; }

    public ActorRole ActorRole { get; set; }

    public string? Note { get; set; }

    public DateTime At { get; set; }
}

public static class RepairApplicationStatuses
{
    public static RepairApplicationStatus? Next(RepairApplicationStatus from, RepairAction action) => (from, action) switch
    {
        (RepairApplicationStatus.Submitted, RepairAction.Approve) => RepairApplicationStatus.Approved,
        (RepairApplicationStatus.Submitted, RepairAction.Refuse) => RepairApplicationStatus.Refused,
        (RepairApplicationStatus.Submitted, RepairAction.Withdraw) => RepairApplicationStatus.Withdrawn,
        _ => null,
    };

    public static string NameZh(this RepairApplicationStatus status) => status switch
    {
        RepairApplicationStatus.Submitted => "待审核",
        RepairApplicationStatus.Approved => "准予修复",
        RepairApplicationStatus.Refused => "不予修复",
        RepairApplicationStatus.Withdrawn => "已撤回",
    };

    public static string NameEn(this RepairApplicationStatus status) => status switch
    {
        RepairApplicationStatus.Submitted => "awaiting the unit",
        RepairApplicationStatus.Approved => "repaired",
        RepairApplicationStatus.Refused => "refused",
        RepairApplicationStatus.Withdrawn => "withdrawn",
    };
}
