using CreditProof.Notifications;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Commitments;

/// <summary>Why a subject may not use the report in place of certificates, and what it can do.</summary>
public sealed record EligibilityRefusal(string MessageZh, string MessageEn, string DomainZh, DateTime Since);

public sealed class CommitmentService(CreditProofDbContext db, TimeProvider time, Notifier notifier)
{
    private static readonly System.Text.CompositeFormat DefaultTextZh = System.Text.CompositeFormat.Parse(
        "本主体郑重承诺：在{0}领域，自{1}起至今无违法违规记录。如有虚假，愿承担相应法律责任，并自愿接受不得以专项信用报告替代有无违法违规记录证明的约束。");

    /// <summary>The wording used when the operator has not added a template for the domain.</summary>
    public static string DefaultWording(string domainZh) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, DefaultTextZh, domainZh, "2022年8月1日");

    public async Task<CreditCommitment> SignAsync(Actor actor, Guid subjectId, int domainId, CancellationToken ct = default)
    {
        if (actor.Role != ActorRole.Subject || actor.SubjectId != subjectId)
            throw new WorkflowRefusedException("只有信用主体本人可以作出信用承诺", "only the subject itself may sign a commitment");
        var domain = await db.Domains.SingleOrDefaultAsync(d => d.Id == domainId, ct)
            ?? throw new WorkflowRefusedException("领域不存在", "the domain does not exist");
        if (domain.IsCovered)
            throw new WorkflowRefusedException($"平台已归集“{domain.NameZh}”领域数据，该领域以专项信用报告为准，无需承诺",
                $"the platform covers '{domain.NameEn}'; the report states its records, no commitment is needed");
        if ((await DomainsWithRecordsAsync(db, subjectId, [domainId], ct)).Count > 0)
            throw HoldsRecords(domain.NameZh, domain.NameEn);
        if (await db.Commitments.AnyAsync(c => c.SubjectId == subjectId && c.DomainId == domainId && c.Status == CommitmentStatus.Active, ct))
            throw new WorkflowRefusedException("该领域已有履约中的承诺", "a commitment for this domain is already active");

        var template = await db.CommitmentTemplates.Where(t => t.DomainId == domainId).OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);
        var commitment = new CreditCommitment
        {
            Id = Guid.CreateVersion7(),
            SubjectId = subjectId,
            DomainId = domainId,
            TextZh = template?.TextZh ?? DefaultWording(domain.NameZh),
            TemplateVersion = template?.Version ?? 0,
            SignedAt = time.GetUtcNow().UtcDateTime,
            SignedBy = actor.Name,
            Status = CommitmentStatus.Active,
        };
        db.Commitments.Add(commitment);
        await db.SaveChangesAsync(ct);
        return commitment;
    }

    /// <summary>
    /// Of the given domains, those where the platform holds effective records of the subject (a domain marked not covered
    /// may still have records received before): a promise of "no records" there would contradict the platform's own data.
    /// </summary>
    public static async Task<IReadOnlySet<int>> DomainsWithRecordsAsync(CreditProofDbContext db, Guid subjectId, IReadOnlyCollection<int> domainIds, CancellationToken ct = default) =>
        (await db.Records.AsNoTracking()
            .Where(r => r.SubjectId == subjectId && domainIds.Contains(r.DomainId) && r.Status == Records.LegalStatus.Effective)
            .Select(r => r.DomainId).Distinct().ToListAsync(ct)).ToHashSet();

    public static WorkflowRefusedException HoldsRecords(string domainZh, string domainEn) => new(
        $"平台已归集您在“{domainZh}”领域的有效处罚等记录，不能承诺该领域无违法违规记录；如记录有误，请对记录提出异议",
        $"the platform holds effective records of yours in '{domainEn}', so you cannot promise that there are none; if a record is wrong, object to it");

    /// <summary>The responsible department (a unit of the commitment's domain) records whether the promise was kept.</summary>
    public async Task<CreditCommitment> RecordFulfilmentAsync(Actor actor, Guid commitmentId, bool kept, string note, CancellationToken ct = default)
    {
        var commitment = await db.Commitments.SingleOrDefaultAsync(c => c.Id == commitmentId, ct)
            ?? throw new WorkflowRefusedException("承诺不存在", "the commitment does not exist");
        var unit = actor.Role == ActorRole.UnitStaff && actor.UnitId is { } unitId ? await db.Units.SingleOrDefaultAsync(u => u.Id == unitId, ct) : null;
        if (unit is null || unit.DomainId != commitment.DomainId)
            throw new WorkflowRefusedException("只有该领域的主管部门可以记录履约情况", "only a department of the commitment's domain may record its fulfilment");
        if (commitment.Status != CommitmentStatus.Active)
            throw new WorkflowRefusedException("该承诺的履约情况已记录", "the fulfilment of this commitment is already recorded");
        if (string.IsNullOrWhiteSpace(note))
            throw new WorkflowRefusedException("必须说明核查情况", "describe what was checked");

        var now = time.GetUtcNow().UtcDateTime;
        commitment.Status = kept ? CommitmentStatus.Kept : CommitmentStatus.Broken;
        commitment.FulfilmentRecordedAt = now;
        commitment.FulfilmentUnitId = unit.Id;
        commitment.FulfilmentNote = note.Trim();
        if (!kept)
        {
            db.Ineligibilities.Add(new Ineligibility { SubjectId = commitment.SubjectId, CommitmentId = commitment.Id, Since = now });
            await notifier.NotifyAsync(RecipientKind.Subject, commitment.SubjectId.ToString(),
                ("信用承诺被认定为虚假", "Commitment found false"),
                ("您的信用承诺经核查与事实不符，暂不能以专项信用报告替代有无违法违规记录证明。如有异议，请联系平台运营方。",
                 "Your commitment was found false; you may not use the special report in place of certificates until the operator lifts this. Contact the platform operator to dispute it."),
                $"commitment:{commitment.Id}", ct);
        }

        await db.SaveChangesAsync(ct);
        return commitment;
    }

    /// <summary>Null when the subject may be issued reports; otherwise why not and what to do.</summary>
    public Task<EligibilityRefusal?> CheckEligibilityAsync(Guid subjectId, CancellationToken ct = default) => CheckEligibilityAsync(db, subjectId, ct);

    /// <summary>The same check for callers without a notifier, such as report issuance.</summary>
    public static async Task<EligibilityRefusal?> CheckEligibilityAsync(CreditProofDbContext db, Guid subjectId, CancellationToken ct = default)
    {
        var barred = await db.Ineligibilities.AsNoTracking()
            .Where(i => i.SubjectId == subjectId && i.LiftedAt == null)
            .Join(db.Commitments, i => i.CommitmentId, c => c.Id, (i, c) => new { i.Since, c.DomainId })
            .Join(db.Domains, x => x.DomainId, d => d.Id, (x, d) => new { x.Since, d.NameZh })
            .FirstOrDefaultAsync(ct);
        if (barred is null)
            return null;
        return new EligibilityRefusal(
            $"您在“{barred.NameZh}”领域作出的信用承诺经核查不实，自{barred.Since:yyyy-MM-dd}起不能以专项信用报告替代有无违法违规记录证明。请向有关部门申请开具证明；如认为认定有误，可向平台运营方申请复核。",
            $"Your credit commitment for '{barred.NameZh}' was found false; since {barred.Since:yyyy-MM-dd} the special report cannot replace certificates. Ask the authorities for certificates, or ask the platform operator to review the decision.",
            barred.NameZh, barred.Since);
    }

    public async Task LiftIneligibilityAsync(Actor actor, Guid subjectId, string reason, CancellationToken ct = default)
    {
        if (actor.Role != ActorRole.Operator)
            throw new WorkflowRefusedException("只有平台运营方可以解除限制", "only the operator may lift the exclusion");
        if (string.IsNullOrWhiteSpace(reason))
            throw new WorkflowRefusedException("必须说明解除理由", "a reason is mandatory");
        var open = await db.Ineligibilities.Where(i => i.SubjectId == subjectId && i.LiftedAt == null).ToListAsync(ct);
        if (open.Count == 0)
            throw new WorkflowRefusedException("该主体没有被限制", "the subject is not excluded");
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var i in open)
            (i.LiftedAt, i.LiftedBy, i.LiftReason) = (now, actor.ToString(), reason.Trim());
        await db.SaveChangesAsync(ct);
    }
}
