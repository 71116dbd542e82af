namespace CreditProof.Commitments;

/// <summary>
/// A credit commitment (信用承诺): for a domain the platform does not yet cover, the subject declares it has no
/// violations there. It appears in reports as a commitment, never as a verified clean record.
/// </summary>
public sealed class CreditCommitment
{
    public Guid Id { get; set; }

    public Guid SubjectId { get; set; }

    public int DomainId { get; set; }

    /// <summary>The template text the subject signed, copied so that later template versions do not change it.</summary>
    public required string TextZh { get; set; }

    public int TemplateVersion { get; set; }

    public DateTime SignedAt { get; set; }

    public required string SignedBy { get; set; }

    public CommitmentStatus Status { get; set; }

    public DateTime? FulfilmentRecordedAt { get; set; }

    public int? FulfilmentUnitId { get; set; }

    public string? FulfilmentNote { get; set; }
}

public enum CommitmentStatus
{
    /// <summary>履约中</summary>
    Active = 1,

    /// <summary>已践诺</summary>
    Kept = 2,

    /// <summary>失信（虚假承诺）</summary>
    Broken = 3,
}

/// <summary>The commitment wording per domain, versioned; the operator adds a version without a new build.</summary>
public sealed class CommitmentTemplate
{
    public int Id { get; set; }

    public int DomainId { get; set; }

    public int Version { get; set; }

    public required string TextZh { get; set; }

    public required string TextEn { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A subject excluded from credit-for-certificate (信用代证) after a false commitment, until the operator lifts it by a
/// recorded decision.
/// </summary>
public sealed class Ineligibility
{
    public long Id { get; set; }

    public Guid SubjectId { get; set; }

    public Guid CommitmentId { get; set; }

    public DateTime Since { get; set; }

    public DateTime? LiftedAt { get; set; }

    public string? LiftedBy { get; set; }

    public string? LiftReason { get; set; }
}
