namespace CreditProof.Notifications;

/// <summary>A message in someone's in-app inbox (站内信): a subject, a unit, or the operators.</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public RecipientKind RecipientKind { get; set; }

    /// <summary>The subject's id, the unit's id, or empty for all operators.</summary>
    public required string RecipientId { get; set; }

    public required string TitleZh { get; set; }

    public required string TitleEn { get; set; }

    public required string BodyZh { get; set; }

    public required string BodyEn { get; set; }

    /// <summary>What the message is about, e.g. <c>objection:{id}</c>.</summary>
    public string? Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

public enum RecipientKind
{
    Subject = 1,
    Unit = 2,
    Operators = 3,

    /// <summary>A relying party's staff (报告使用方); <see cref="Notification.RecipientId"/> is the organisation's id.</summary>
    RelyingParty = 4,
}
