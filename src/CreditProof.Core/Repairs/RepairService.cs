using CreditProof.Calendar;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Repairs;

public sealed class RepairOptions
{
    /// <summary>Working days the unit has to decide on an application.</summary>
    public int UnitDecisionWorkingDays { get; set; } = 10;
}

/// <summary>
/// Credit repair (信用修复): the subject applies once the minimum publicity period has passed; the unit that decided the
/// record approves or refuses. An approved repair marks the record 已修复 with the date: it still appears in special
/// reports (565号: repaired records stay, marked).
/// </summary>
public sealed class RepairService(CreditProofDbContext db, PlatformClock clock, Notifier notifier, AttachmentStore attachments, RepairOptions options)
{
    public async Task<RepairApplication> ApplyAsync(Actor actor, Guid recordId, string statement, IReadOnlyList<AttachmentUpload> files, CancellationToken ct = default)
    {
        var record = await db.Records.SingleOrDefaultAsync(r => r.Id == recordId, ct)
            ?? throw new WorkflowRefusedException("记录不存在", "the record does not exist");
        if (actor.Role != ActorRole.Subject || actor.SubjectId != record.SubjectId)
            throw new WorkflowRefusedException("只有记录所涉信用主体本人可以申请信用修复", "only the subject of the record may apply for its repair");
        var today = Today;
        var rules = new PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct));
        var pending = await db.RepairApplications.AnyAsync(a => a.RecordId == recordId && a.Status == RepairApplicationStatus.Submitted, ct);
        if (RepairEligibility.Check(record, rules, today, pending) is { } refusal)
            throw refusal;
        if (string.IsNullOrWhiteSpace(statement))
            throw new WorkflowRefusedException("请说明已履行的义务和纠正失信行为的情况", "describe how the obligations were fulfilled and the behaviour corrected");
        var evidence = await attachments.StoreAllAsync(files, ct);

        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        var application = new RepairApplication
        {
            Id = Guid.CreateVersion7(),
            RecordId = record.Id,
            SubjectId = record.SubjectId,
            UnitId = record.UnitId,
            Statement = statement.Trim(),
            Status = RepairApplicationStatus.Submitted,
            SubmittedAt = Now,
            DueOn = calendar.AddWorkingDays(today, options.UnitDecisionWorkingDays),
        };
        foreach (var file in evidence)
            application.Attachments.Add(new RepairAttachment { FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256 });
        application.Events.Add(Event(null, RepairApplicationStatus.Submitted, actor, null));
        db.RepairApplications.Add(application);
        await notifier.NotifyAsync(RecipientKind.Unit, record.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("信用修复申请待审核", "Repair application to decide"),
            ($"记录“{record.DocumentNumber}”的信用修复申请待您单位审核，期限{application.DueOn:yyyy-MM-dd}。", $"Please decide on the repair application for record '{record.DocumentNumber}' by {application.DueOn:yyyy-MM-dd}."),
            $"repair:{application.Id}", ct);
        await db.SaveChangesAsync(ct);
        return application;
    }

    public async Task<RepairApplication> DecideAsync(Actor actor, Guid applicationId, RepairAction decision, string reason, CancellationToken ct = default)
    {
        var application = await db.RepairApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId, ct)
            ?? throw new WorkflowRefusedException("修复申请不存在", "the application does not exist");
        if (decision == RepairAction.Withdraw)
        {
            if (actor.Role != ActorRole.Subject || actor.SubjectId != application.SubjectId)
                throw new WorkflowRefusedException("只有申请人可以撤回", "only the applicant may withdraw");
        }
        else if (actor.Role != ActorRole.UnitStaff || actor.UnitId != application.UnitId)
        {
            throw new WorkflowRefusedException("只有作出认定的数源单位可以决定信用修复（谁认定、谁修复）", "only the unit that decided the record may decide on its repair");
        }

        if (decision != RepairAction.Withdraw && string.IsNullOrWhiteSpace(reason))
            throw new WorkflowRefusedException("必须说明理由", "a reason is mandatory");
        var next = RepairApplicationStatuses.Next(application.Status, decision)
            ?? throw new WorkflowRefusedException($"申请当前状态为“{application.Status.NameZh()}”，不能执行该操作", $"the application is {application.Status.NameEn()}; '{decision}' is not possible now");

        application.Events.Add(Event(application.Status, next, actor, reason));
        application.Status = next;
        application.DecidedAt = Now;
        application.DecisionReason = reason;
        var record = await db.Records.SingleAsync(r => r.Id == application.RecordId, ct);
        if (next == RepairApplicationStatus.Approved)
        {
            var today = Today;
            RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Repaired, actor.ToString(), Channel.Workflow, Now, reason), r =>
            {
                r.RepairStatus = Records.RepairStatus.Repaired;
                r.RepairedOn = today;
                r.RepairNote = reason;
            });
        }

        if (next != RepairApplicationStatus.Withdrawn)
        {
            await notifier.NotifyAsync(RecipientKind.Subject, application.SubjectId.ToString(),
                ($"信用修复申请：{next.NameZh()}", $"Repair application: {next.NameEn()}"),
                ($"记录“{record.DocumentNumber}”的信用修复申请结果为“{next.NameZh()}”。理由：{reason}", $"The repair application for record '{record.DocumentNumber}' was {next.NameEn()}. Reason: {reason}"),
                $"repair:{application.Id}", ct);
        }

        await db.SaveChangesAsync(ct);
        return application;
    }

    /// <summary>Opens an application's evidence file for the applicant, the unit that decides on it, or the operator (<see cref="EvidenceAccess"/>).</summary>
    public async Task<(EvidenceFile File, Stream Content)> OpenAttachmentAsync(Actor actor, long attachmentId, CancellationToken ct = default)
    {
        var file = await db.RepairApplications.AsNoTracking()
            .SelectMany(a => a.Attachments.Where(x => x.Id == attachmentId), (a, x) => new EvidenceFile(x.FileName, x.ContentType, x.Sha256, a.SubjectId, a.UnitId))
            .SingleOrDefaultAsync(ct);
        return (file!, attachments.OpenFor(actor, file));
    }

    private RepairEvent Event(RepairApplicationStatus? from, RepairApplicationStatus to, Actor actor, string? note) =>
        new() { From = from, To = to, ActorName = actor.Name, ActorRole = actor.Role, Note = note, At = Now };

    private DateTime Now => clock.UtcNow;

    // Deadlines run on the calendar of the province, not of the server.
    private DateOnly Today => clock.Today;
}

/// <summary>
/// The one definition of whether a record can be repaired now (信用修复): an effective penalty past its minimum
/// publicity period (PublicityPeriods), or an effective dishonesty listing; not already repaired, not past publicity,
/// no application pending. The record page offers the form only when this says yes; the application checks it again.
/// </summary>
public static class RepairEligibility
{
    public static WorkflowRefusedException? Check(ViolationRecord record, PublicityPeriods rules, DateOnly today, bool applicationPending)
    {
        if (record.Status != LegalStatus.Effective)
            return new("只有有效记录可以申请信用修复", "only an effective record can be repaired");
        if (record.RepairStatus == Records.RepairStatus.Repaired)
            return new("该记录已修复", "the record is already repaired");
        if (record.RepairStatus == Records.RepairStatus.PublicityEnded)
            return new($"该记录公示期已于{record.RepairedOn:yyyy-MM-dd}届满并自动停止公示，无需申请信用修复", $"the record's publicity ended on {record.RepairedOn:yyyy-MM-dd}; no repair is needed");
        if (rules.RepairAllowedFrom(record) is not { } from)
            return new("只有行政处罚和严重失信主体名单信息可以申请信用修复", "only penalties and dishonesty listings can be repaired");
        if (applicationPending)
            return new("该记录已有待审核的修复申请", "an application for this record is already pending");
        if (from > today)
        {
            var regime = rules.WindowFor(record)?.Rule.Regime ?? "";
            return new($"最短公示期（{regime}）尚未届满，{from:yyyy-MM-dd}起可申请信用修复",
                $"the minimum publicity period ({regime}) has not passed; apply from {from:yyyy-MM-dd}");
        }

        return null;
    }
}
