using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.RelyingParties;

/// <summary>How a relying party checked a report.</summary>
public enum PartyVerificationMethod
{
    Qr = 1,
    NumberAndCode = 2,
    ShareCode = 3,
}

/// <summary>One verification by a relying party, for its own history (核验记录): when, how, which report, the verdict, by whom.</summary>
public sealed class PartyVerification
{
    public long Id { get; set; }

    public int RelyingPartyId { get; set; }

    public DateTime At { get; set; }

    public PartyVerificationMethod Method { get; set; }

    /// <summary>The report number when the verification found one.</summary>
    public string? ReportNumber { get; set; }

    public required string Verdict { get; set; }

    public string? Status { get; set; }

    /// <summary>The key prefix or the staff user name.</summary>
    public required string Actor { get; set; }
}

public enum RequirementStatus
{
    Open = 1,
    Fulfilled = 2,
    Cancelled = 3,
}

/// <summary>
/// A requirement link (需求链接): what a relying party needs — domains, period, purpose, how long the report must stay
/// valid, whether it asks to be told of changes — as a link and QR code the subject opens to issue exactly that report
/// and grant the party access in one step.
/// </summary>
public sealed class ReportRequirement
{
    public Guid Id { get; set; }

    /// <summary>The random token of the link (<c>/r/{token}</c>); it opens a description, never a report.</summary>
    public required string Token { get; set; }

    public int RelyingPartyId { get; set; }

    /// <summary>Domain codes, comma-separated; empty: every active domain.</summary>
    public required string DomainCodes { get; set; }

    public DateOnly? PeriodFrom { get; set; }

    public DateOnly? PeriodTo { get; set; }

    public required string Purpose { get; set; }

    /// <summary>Days the report must remain valid from the day it is issued.</summary>
    public int ValidDays { get; set; }

    /// <summary>The party asks the subject to consent to change notices.</summary>
    public bool AsksChangeNotices { get; set; }

    /// <summary>Optional: the one subject (credit code) the request is meant for.</summary>
    public string? SubjectCode { get; set; }

    public RequirementStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? FulfilledAt { get; set; }

    public Guid? GrantId { get; set; }
}

/// <summary>
/// A subject's grant to one relying party for one report (授权使用方): the party fetches the report while it lasts;
/// with <see cref="NotifyOnChange"/> it is told when the report stops being valid, and with <see cref="ShowChanges"/> it
/// sees what changed. The subject sees every grant and can end it.
/// </summary>
public sealed class PartyGrant
{
    public Guid Id { get; set; }

    public int RelyingPartyId { get; set; }

    public Guid ReportId { get; set; }

    public required string ReportNumber { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? RequirementId { get; set; }

    public required string Purpose { get; set; }

    public bool NotifyOnChange { get; set; }

    public bool ShowChanges { get; set; }

    /// <summary>The report's status the party was last told of (or saw at grant): the watch compares the report with it.</summary>
    public ReportStatus KnownStatus { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    public bool IsActiveAt(DateTime now) => EndedAt is null && now < ExpiresAt;
}

/// <summary>A change notice (变更通知): the report a party relies on changed status; kept for the party's inbox and the webhook.</summary>
public sealed class ChangeNotice
{
    public long Id { get; set; }

    public Guid GrantId { get; set; }

    public int RelyingPartyId { get; set; }

    public required string ReportNumber { get; set; }

    public ReportStatus FromStatus { get; set; }

    public ReportStatus ToStatus { get; set; }

    public string? Reason { get; set; }

    public DateTime At { get; set; }
}

public enum WebhookDeliveryState
{
    Pending = 1,
    Delivered = 2,

    /// <summary>Every retry failed; the notice stays in the inbox.</summary>
    Abandoned = 3,
}

/// <summary>One notice to post to a party's webhook, retried with exponential backoff by the background round.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public int RelyingPartyId { get; set; }

    public long NoticeId { get; set; }

    public required string Url { get; set; }

    /// <summary>The JSON body exactly as signed and sent (the same bytes on every retry).</summary>
    public required string Body { get; set; }

    public WebhookDeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }
}

/// <summary>Every try of a delivery, answered or not (the delivery log).</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public int Attempt { get; set; }

    public DateTime At { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }
}

public enum ExplanationStatus
{
    Open = 1,
    Answered = 2,
}

/// <summary>
/// A request for explanation (说明请求): a relying party asks the record's unit about a record on a report shared with it;
/// the unit answers by a deadline in working days (相关部门、单位要积极配合做好数据共享和说明); overdue requests escalate.
/// </summary>
public sealed class ExplanationRequest : Workflows.IDueStep
{
    public Guid Id { get; set; }

    public int RelyingPartyId { get; set; }

    public Guid GrantId { get; set; }

    public required string ReportNumber { get; set; }

    public Guid RecordId { get; set; }

    public required string DocumentNumber { get; set; }

    public int UnitId { get; set; }

    public Guid SubjectId { get; set; }

    public required string Question { get; set; }

    public required string AskedBy { get; set; }

    public DateTime AskedAt { get; set; }

    public DateOnly DueOn { get; set; }

    public ExplanationStatus Status { get; set; }

    public string? Answer { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public DateTime? EscalatedAt { get; set; }

    public DateOnly? CurrentDueOn => Status == ExplanationStatus.Open ? DueOn : null;
}

internal sealed class PartyEntityConfiguration : IEntityTypeConfiguration<PartyVerification>, IEntityTypeConfiguration<ReportRequirement>, IEntityTypeConfiguration<PartyGrant>,
    IEntityTypeConfiguration<ChangeNotice>, IEntityTypeConfiguration<WebhookDelivery>, IEntityTypeConfiguration<WebhookAttempt>, IEntityTypeConfiguration<ExplanationRequest>
{
    public void Configure(EntityTypeBuilder<PartyVerification> b)
    {
        b.ToTable("relying_party_verifications");
        b.Property(v => v.ReportNumber).HasMaxLength(16);
        b.Property(v => v.Verdict).HasMaxLength(40);
        b.Property(v => v.Status).HasMaxLength(20);
        b.Property(v => v.Actor).HasMaxLength(200);
        b.HasIndex(v => new { v.RelyingPartyId, v.At });
        b.HasOne<RelyingParty>().WithMany().HasForeignKey(v => v.RelyingPartyId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReportRequirement> b)
    {
        b.ToTable("report_requirements");
        b.Property(r => r.Token).HasMaxLength(32);
        b.Property(r => r.DomainCodes).HasMaxLength(2000);
        b.Property(r => r.Purpose).HasMaxLength(100);
        b.Property(r => r.SubjectCode).HasMaxLength(18);
        b.Property(r => r.CreatedBy).HasMaxLength(200);
        b.HasIndex(r => r.Token).IsUnique();
        b.HasIndex(r => r.RelyingPartyId);
        b.HasOne<RelyingParty>().WithMany().HasForeignKey(r => r.RelyingPartyId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PartyGrant> b)
    {
        b.ToTable("relying_party_grants");
        b.Property(g => g.ReportNumber).HasMaxLength(16);
        b.Property(g => g.Purpose).HasMaxLength(100);
        b.Property(g => g.EndedBy).HasMaxLength(200);
        b.HasIndex(g => new { g.RelyingPartyId, g.ReportNumber });
        b.HasIndex(g => g.SubjectId);
        b.HasIndex(g => g.ReportId);
        b.HasOne<RelyingParty>().WithMany().HasForeignKey(g => g.RelyingPartyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<IssuedReport>().WithMany().HasForeignKey(g => g.ReportId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ChangeNotice> b)
    {
        b.ToTable("relying_party_change_notices");
        b.Property(n => n.ReportNumber).HasMaxLength(16);
        b.Property(n => n.Reason).HasMaxLength(500);
        b.HasIndex(n => new { n.RelyingPartyId, n.At });
        b.HasOne<PartyGrant>().WithMany().HasForeignKey(n => n.GrantId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("relying_party_webhook_deliveries");
        b.Property(d => d.Url).HasMaxLength(500);
        b.HasIndex(d => new { d.State, d.NextAttemptAt });
        b.HasOne<ChangeNotice>().WithMany().HasForeignKey(d => d.NoticeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("relying_party_webhook_attempts");
        b.Property(a => a.Error).HasMaxLength(500);
        b.HasIndex(a => a.DeliveryId);
        b.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExplanationRequest> b)
    {
        b.ToTable("explanation_requests");
        b.Property(e => e.ReportNumber).HasMaxLength(16);
        b.Property(e => e.DocumentNumber).HasMaxLength(200);
        b.Property(e => e.Question).HasMaxLength(2000);
        b.Property(e => e.Answer).HasMaxLength(4000);
        b.Property(e => e.AskedBy).HasMaxLength(200);
        b.Property(e => e.AnsweredBy).HasMaxLength(200);
        b.HasIndex(e => new { e.UnitId, e.Status });
        b.HasIndex(e => e.RelyingPartyId);
        b.HasIndex(e => e.SubjectId);
        b.Ignore(e => e.CurrentDueOn);
        b.HasOne<PartyGrant>().WithMany().HasForeignKey(e => e.GrantId).OnDelete(DeleteBehavior.Restrict);
    }
}
