using CreditProof.Commitments;
using CreditProof.Domains;
using CreditProof.Ingest;
using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CreditProof.Reports.Lifecycle;

/// <summary>
/// Writes a <see cref="ReportChange"/> for every change that can alter what an issued report shows, derived from what
/// a <c>SaveChanges</c> is about to write, so it commits or rolls back together with the change: no caller has to
/// remember a call, and a crash can leave a change unapplied but never unrecorded. Bulk-written records reach reports
/// through their batch: the import batch's completion is itself a tracked change.
/// <para>
/// Every entity type of the model is either <see cref="Watched"/> here or listed in <see cref="Unwatched"/> with the
/// reason it cannot change an issued report; a test fails for a new entity type that is neither.
/// </para>
/// </summary>
public sealed class ReportChangeCapture(TimeProvider time) : Storage.BeforeSaveInterceptor
{
    /// <summary>The entity types whose changes are turned into entries here.</summary>
    public static readonly IReadOnlySet<Type> Watched = new HashSet<Type>
    {
        typeof(ViolationRecord), typeof(RecordVersion), typeof(ImportBatch), typeof(Objection), typeof(CreditCommitment), typeof(CreditDomain), typeof(Subject),
    };

    /// <summary>The entity types that cannot make an issued report untrue, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unwatched = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Region"] = "reference data: a report names regions as written at issue",
        ["DataSourceUnit"] = "a report shows the unit as it was named at issue; renaming a unit changes no record",
        ["SubjectChange"] = "history of the register; the change itself is watched on Subject",
        ["RegisterBatch"] = "a register file's bookkeeping; its changes are tracked on Subject",
        ["UnitApiKey"] = "credentials",
        ["DataProtectionKeyRow"] = "the web nodes' cookie keys",
        ["RateCounter"] = "rate limit counters",
        ["CalendarDay"] = "working days move deadlines, not report content",
        ["AllowListedCode"] = "decides which rows are accepted; accepted rows arrive as records",
        ["PublicityRule"] = "changes reach reports when publicity ends on a record (PublicityEnded)",
        ["ObjectionEvent"] = "history of an objection; its opening and closing are watched on Objection",
        ["ObjectionAttachment"] = "evidence of an objection",
        ["Notification"] = "messages",
        ["RepairApplication"] = "an approved repair changes its record (RecordRepaired); other decisions change nothing shown",
        ["RepairEvent"] = "history of a repair application",
        ["RepairAttachment"] = "evidence of a repair application",
        ["IdentityCheck"] = "a service window's check of the person at the counter",
        ["CommitmentTemplate"] = "wording for new commitments; signed commitments keep their text",
        ["Ineligibility"] = "refuses new reports; the false commitment behind it is watched on CreditCommitment",
        ["StaffAccount"] = "accounts",
        ["IssuedReport"] = "the reports themselves: their status is what this mechanism derives",
        ["SigningKey"] = "keys: a retired key still verifies the reports it signed",
        ["ReportCertificate"] = "PDF signature certificates: a retired one still verifies the files it signed",
        ["ImportedKey"] = "other platforms' keys",
        ["ForeignStatusList"] = "other platforms' statuses",
        ["ShareGrant"] = "who may see a report, not what it says",
        ["ReportAccess"] = "the access log",
        ["ReportTemplateVersion"] = "applies to reports issued after it",
        ["SequenceCounter"] = "status list positions",
        ["ReportChange"] = "the entries themselves",
        ["AuditEntry"] = "the audit trail says who did what, not what a report says",
        ["AuditLink"] = "the audit trail's chain",
        ["AuditCheckpoint"] = "the audit trail's signed checkpoints",
        ["AuditAlert"] = "misuse alerts for the auditor",
        ["DailyStat"] = "statistics of use, not report content",
        ["StatDelta"] = "statistics of use, not report content",
        ["PersonalDataKey"] = "keys for personal data at rest",
        ["TransparencyQueueEntry"] = "the transparency log's queue: hashes of reports already issued",
        ["TransparencyLeaf"] = "the transparency log records reports, it does not decide what they say",
        ["TransparencyNode"] = "subtree hashes of the transparency log",
        ["TreeHeadRecord"] = "signed tree heads of the transparency log",
        ["RelyingParty"] = "organisations that rely on reports",
        ["RelyingPartyApiKey"] = "credentials",
        ["PartyVerification"] = "a relying party's verification history",
        ["ReportRequirement"] = "what a relying party asks for; the report it leads to is issued as any other",
        ["PartyGrant"] = "who may see a report, not what it says",
        ["ChangeNotice"] = "notices of status changes the lifecycle already derived",
        ["WebhookDelivery"] = "delivery of notices",
        ["WebhookAttempt"] = "the webhook delivery log",
        ["ExplanationRequest"] = "a question about a record and its answer; neither changes the record",
        ["GroupRequest"] = "a group's request; each report in it is issued as any other",
        ["GroupMember"] = "a member's consent to a group request",
    };

    protected override void BeforeSave(DbContext context)
    {
        var tracker = context.ChangeTracker;
        if (tracker.AutoDetectChangesEnabled)
            tracker.DetectChanges();
        var at = time.GetUtcNow().UtcDateTime;
        var changes = new List<ReportChange>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
                continue;
            switch (entry.Entity)
            {
                case ViolationRecord record:
                    changes.Add(RecordChange(entry, record, tracker, at));
                    break;
                case ImportBatch { Status: BatchStatus.Completed or BatchStatus.CompletedWithRejections } batch
                    when batch.Accepted + batch.Updated > 0 && Changed(entry, nameof(ImportBatch.Status)):
                    changes.Add(new ReportChange { Kind = ReportChangeKind.RecordsImported, ObjectId = batch.Id, At = at });
                    break;
                case Objection objection when entry.State == EntityState.Added && objection.IsOpen:
                    changes.Add(new ReportChange { Kind = ReportChangeKind.ObjectionOpened, SubjectId = objection.SubjectId, ObjectId = objection.Id, At = at });
                    break;
                case Objection objection when entry.State == EntityState.Modified && Changed(entry, nameof(Objection.Status)) && !objection.IsOpen:
                    changes.Add(new ReportChange { Kind = ReportChangeKind.ObjectionClosed, SubjectId = objection.SubjectId, ObjectId = objection.Id, At = at });
                    break;
                case CreditCommitment { Status: CommitmentStatus.Broken } commitment when Changed(entry, nameof(CreditCommitment.Status)):
                    changes.Add(new ReportChange { Kind = ReportChangeKind.CommitmentFoundFalse, SubjectId = commitment.SubjectId, ObjectId = commitment.Id, At = at });
                    break;
                // A rename is not a change of status: verification says "renamed since" next to the report (issue 13).
                case Subject subject when entry.State == EntityState.Modified
                    && ((Changed(entry, nameof(Subject.RegisterStatus)) && subject.IsDeregistered) || Changed(entry, nameof(Subject.Type))):
                    changes.Add(new ReportChange { Kind = ReportChangeKind.SubjectRegisterChanged, SubjectId = subject.Id, At = at });
                    break;
                case CreditDomain domain when entry.State == EntityState.Modified
                    && (Changed(entry, nameof(CreditDomain.IsCovered)) || Changed(entry, nameof(CreditDomain.EffectiveFrom))):
                    changes.Add(new ReportChange { Kind = ReportChangeKind.DomainCoverageChanged, DomainId = domain.Id, At = at });
                    break;
            }
        }

        if (changes.Count > 0)
            context.AddRange(changes);
    }

    /// <summary>A record change, named by the version written with it (RecordHistory writes one with every change).</summary>
    private static ReportChange RecordChange(EntityEntry entry, ViolationRecord record, ChangeTracker tracker, DateTime at)
    {
        var version = tracker.Entries<RecordVersion>()
            .FirstOrDefault(v => v.State == EntityState.Added && v.Entity.RecordId == record.Id)?.Entity;
        var kind = (version?.Change, entry.State) switch
        {
            (ChangeKind.Created, _) or (null, EntityState.Added) => ReportChangeKind.RecordCreated,
            (ChangeKind.Corrected, _) => ReportChangeKind.RecordCorrected,
            (ChangeKind.Revoked, _) => ReportChangeKind.RecordRevoked,
            (ChangeKind.Deleted, _) or (null, EntityState.Deleted) => ReportChangeKind.RecordDeleted,
            (ChangeKind.Repaired, _) => ReportChangeKind.RecordRepaired,
            (ChangeKind.PublicityEnded, _) => ReportChangeKind.PublicityEnded,
            _ => ReportChangeKind.RecordChanged,
        };
        return new ReportChange { Kind = kind, SubjectId = record.SubjectId, ObjectId = record.Id, At = at };
    }

    private static bool Changed(EntityEntry entry, string property) =>
        entry.State == EntityState.Added || entry.Property(property).IsModified;
}
