using CreditProof.Calendar;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Objections;

/// <summary>Deadlines in working days (default as practised in Guangzhou: accept within 2, unit reply within 10).</summary>
public sealed class ObjectionOptions
{
    public int AcceptWorkingDays { get; set; } = 2;

    public int UnitReplyWorkingDays { get; set; } = 10;

    public int MaxReasonLength { get; set; } = 2000;
}

/// <summary>
/// The objection workflow (异议处理): one platform accepts every objection, the record's unit verifies and decides,
/// the subject is told at every step. Each transition is checked against the state machine and the actor, and kept.
/// </summary>
public sealed class ObjectionService(CreditProofDbContext db, PlatformClock clock, Notifier notifier, AttachmentStore attachments, ObjectionOptions options)
{
    private WorkingDayCalendar? _calendar;

    /// <summary>
    /// The subject objects to one of its records; or window staff take the objection at the counter on the subject's
    /// behalf after checking the person's identity (the objection then names who took it).
    /// </summary>
    public async Task<Objection> SubmitAsync(Actor actor, Guid recordId, string reason, IReadOnlyList<AttachmentUpload> files, CancellationToken ct = default)
    {
        var record = await db.Records.SingleOrDefaultAsync(r => r.Id == recordId, ct)
            ?? throw new WorkflowRefusedException("记录不存在", "the record does not exist");
        var atWindow = actor.Role == ActorRole.WindowStaff;
        if (!atWindow && (actor.Role != ActorRole.Subject || actor.SubjectId != record.SubjectId))
            throw new WorkflowRefusedException("只有记录所涉信用主体本人（或服务窗口代为受理）可以提出异议", "only the subject of the record (or the service window on its behalf) may object to it");
        if (record.Status is LegalStatus.Deleted or LegalStatus.Revoked)
            throw new WorkflowRefusedException("该记录已删除或撤销，无需提出异议", "the record is already deleted or revoked");
        if (await db.Objections.AnyAsync(o => o.RecordId == recordId && Objection.OpenStatuses.Contains(o.Status), ct))
            throw new WorkflowRefusedException("该记录已有正在处理的异议", "an objection to this record is already being handled");
        reason = reason.Trim();
        if (reason.Length == 0 || reason.Length > options.MaxReasonLength)
            throw new WorkflowRefusedException($"请填写异议理由（不超过{options.MaxReasonLength}字）", $"give a reason of at most {options.MaxReasonLength} characters");

        var now = Now;
        var objection = new Objection
        {
            Id = Guid.CreateVersion7(),
            RecordId = record.Id,
            SubjectId = record.SubjectId,
            UnitId = record.UnitId,
            Reason = reason,
            TakenAtWindowBy = atWindow ? actor.Name : null,
            Status = ObjectionStatus.Submitted,
            SubmittedAt = now,
            AcceptDueOn = (await CalendarAsync(ct)).AddWorkingDays(Today, options.AcceptWorkingDays),
        };
        foreach (var file in await attachments.StoreAllAsync(files, ct))
            objection.Attachments.Add(new ObjectionAttachment { FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256 });

        objection.Events.Add(Event(null, ObjectionStatus.Submitted, actor, reason, now));
        db.Objections.Add(objection);
        await notifier.NotifyAsync(RecipientKind.Subject, objection.SubjectId.ToString(),
            ("异议已提交", "Objection submitted"),
            ($"您对记录“{record.DocumentNumber}”的异议已提交，平台将在{objection.AcceptDueOn:yyyy-MM-dd}前受理。",
             $"Your objection to record '{record.DocumentNumber}' was submitted; the platform will decide on acceptance by {objection.AcceptDueOn:yyyy-MM-dd}."),
            Link(objection), ct);
        await notifier.NotifyAsync(RecipientKind.Operators, "",
            ("新的异议待受理", "New objection to accept"),
            ($"记录“{record.DocumentNumber}”有新的异议，受理期限{objection.AcceptDueOn:yyyy-MM-dd}。", $"A new objection to record '{record.DocumentNumber}' is due for acceptance by {objection.AcceptDueOn:yyyy-MM-dd}."),
            Link(objection), ct);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    public async Task<Objection> AcceptAsync(Actor actor, Guid objectionId, CancellationToken ct = default)
    {
        var objection = await LoadAsync(objectionId, ct);
        Transition(objection, ObjectionAction.Accept, actor, null);
        objection.UnitDueOn = (await CalendarAsync(ct)).AddWorkingDays(Today, options.UnitReplyWorkingDays);
        var document = await DocumentNumberAsync(objection, ct);
        await notifier.NotifyAsync(RecipientKind.Subject, objection.SubjectId.ToString(),
            ("异议已受理", "Objection accepted"),
            ($"您对记录“{document}”的异议已受理，已转数源单位核查，答复期限{objection.UnitDueOn:yyyy-MM-dd}。",
             $"Your objection to record '{document}' was accepted and sent to the data source unit, which must reply by {objection.UnitDueOn:yyyy-MM-dd}."),
            Link(objection), ct);
        await notifier.NotifyAsync(RecipientKind.Unit, objection.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("异议待核查", "Objection to verify"),
            ($"记录“{document}”的异议待您单位核查，请于{objection.UnitDueOn:yyyy-MM-dd}前答复。", $"Please verify the objection to record '{document}' and decide by {objection.UnitDueOn:yyyy-MM-dd}."),
            Link(objection), ct);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    public async Task<Objection> RejectAsync(Actor actor, Guid objectionId, string reason, CancellationToken ct = default)
    {
        var objection = await LoadAsync(objectionId, ct);
        RequireReason(reason);
        Transition(objection, ObjectionAction.Reject, actor, reason);
        await NotifyClosedAsync(objection, ct);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    /// <summary>The unit's decision: correct the record (a new version), delete it, or uphold it. Reasons are mandatory.</summary>
    public async Task<Objection> DecideAsync(Actor actor, Guid objectionId, ObjectionAction decision, string reason, Action<ViolationRecord>? correction = null,
        CancellationToken ct = default)
    {
        if (decision is not (ObjectionAction.Correct or ObjectionAction.Delete or ObjectionAction.Uphold))
            throw new WorkflowRefusedException("数源单位只能更正、删除或维持记录", "a unit decides to correct, delete or uphold");
        var objection = await LoadAsync(objectionId, ct);
        RequireReason(reason);
        Transition(objection, decision, actor, reason);

        var record = await db.Records.SingleAsync(r => r.Id == objection.RecordId, ct);
        var now = Now;
        switch (decision)
        {
            case ObjectionAction.Correct:
                if (correction is null)
                    throw new WorkflowRefusedException("更正记录时须提供更正后的内容", "a correction needs the corrected content");
                if (RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Corrected, actor.ToString(), Channel.Workflow, now, reason), correction) is null)
                {
                    throw new WorkflowRefusedException("更正后的内容与原记录相同：请修改需要更正的字段，或选择“维持”",
                        "the corrected content is the same as the record: change the fields to correct, or choose to uphold the record");
                }

                break;
            case ObjectionAction.Delete:
                RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Deleted, actor.ToString(), Channel.Workflow, now, reason), r => r.Status = LegalStatus.Deleted);
                break;
            case ObjectionAction.Uphold:
                break;
            case ObjectionAction.Accept or ObjectionAction.Reject or ObjectionAction.Withdraw:
                throw new WorkflowRefusedException("数源单位只能更正、删除或维持记录", "a unit decides to correct, delete or uphold");
        }

        await NotifyClosedAsync(objection, ct);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    public async Task<Objection> WithdrawAsync(Actor actor, Guid objectionId, CancellationToken ct = default)
    {
        var objection = await LoadAsync(objectionId, ct);
        Transition(objection, ObjectionAction.Withdraw, actor, null);
        await db.SaveChangesAsync(ct);
        return objection;
    }

    /// <summary>Opens an objection's evidence file for the subject, the unit that decides on it, or the operator (<see cref="EvidenceAccess"/>).</summary>
    public async Task<(EvidenceFile File, Stream Content)> OpenAttachmentAsync(Actor actor, long attachmentId, CancellationToken ct = default)
    {
        var file = await db.Objections.AsNoTracking()
            .SelectMany(o => o.Attachments.Where(a => a.Id == attachmentId), (o, a) => new EvidenceFile(a.FileName, a.ContentType, a.Sha256, o.SubjectId, o.UnitId))
            .SingleOrDefaultAsync(ct);
        return (file!, attachments.OpenFor(actor, file));
    }

    /// <summary>Marks open objections whose current step is past its due date and tells the operators, once per objection.</summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken ct = default)
    {
        var open = await db.Objections
            .Where(o => o.EscalatedAt == null && Objection.OpenStatuses.Contains(o.Status))
            .ToListAsync(ct);
        var escalated = await OverdueEscalation.EscalateAsync(open, Today, Now, notifier, objection =>
        {
            var step = objection.Status == ObjectionStatus.Submitted ? ("受理", "acceptance") : ("数源单位答复", "the unit's reply");
            return (("异议处理超期", "Objection overdue"),
                ($"异议{objection.Id}的{step.Item1}已超过期限{objection.CurrentDueOn:yyyy-MM-dd}。", $"Objection {objection.Id}: {step.Item2} was due on {objection.CurrentDueOn:yyyy-MM-dd}."),
                Link(objection));
        }, ct);
        await db.SaveChangesAsync(ct);
        return escalated;
    }

    private void Transition(Objection objection, ObjectionAction action, Actor actor, string? note)
    {
        var next = ObjectionStatuses.Next(objection.Status, action)
            ?? throw new WorkflowRefusedException($"异议当前状态为“{objection.Status.NameZh()}”，不能执行该操作", $"the objection is {objection.Status.NameEn()}; '{action}' is not possible now");
        var role = ObjectionStatuses.RoleFor(action);
        var allowed = role switch
        {
            ActorRole.Operator => actor.Role == ActorRole.Operator,
            ActorRole.UnitStaff => actor.Role == ActorRole.UnitStaff && actor.UnitId == objection.UnitId,
            ActorRole.Subject => actor.Role == ActorRole.Subject && actor.SubjectId == objection.SubjectId,
            ActorRole.WindowStaff or ActorRole.Auditor or ActorRole.System or ActorRole.RelyingPartyStaff => false,
        };
        if (!allowed)
        {
            throw role == ActorRole.UnitStaff
                ? new WorkflowRefusedException("只有产生该记录的数源单位可以作出核查决定（谁产生、谁负责）", "only the unit that produced the record may decide on it")
                : new WorkflowRefusedException("您无权执行该操作", $"only the {role} may {action} an objection");
        }

        var now = Now;
        objection.Events.Add(Event(objection.Status, next, actor, note, now));
        objection.Status = next;
        if (!objection.IsOpen)
        {
            objection.ClosedAt = now;
            objection.DecisionReason = note;
        }
    }

    private async Task NotifyClosedAsync(Objection objection, CancellationToken ct)
    {
        var document = await DocumentNumberAsync(objection, ct);
        await notifier.NotifyAsync(RecipientKind.Subject, objection.SubjectId.ToString(),
            ($"异议处理结果：{objection.Status.NameZh()}", $"Objection result: {objection.Status.NameEn()}"),
            ($"您对记录“{document}”的异议处理结果为“{objection.Status.NameZh()}”。理由：{objection.DecisionReason}",
             $"Your objection to record '{document}' ended as '{objection.Status.NameEn()}'. Reason: {objection.DecisionReason}"),
            Link(objection), ct);
    }

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new WorkflowRefusedException("必须说明理由", "a reason is mandatory");
    }

    private static ObjectionEvent Event(ObjectionStatus? from, ObjectionStatus to, Actor actor, string? note, DateTime at) =>
        new() { From = from, To = to, ActorName = actor.Name, ActorRole = actor.Role, Note = note, At = at };

    private async Task<Objection> LoadAsync(Guid id, CancellationToken ct) =>
        await db.Objections.Include(o => o.Events).SingleOrDefaultAsync(o => o.Id == id, ct)
        ?? throw new WorkflowRefusedException("异议不存在", "the objection does not exist");

    private Task<string> DocumentNumberAsync(Objection objection, CancellationToken ct) =>
        db.Records.Where(r => r.Id == objection.RecordId).Select(r => r.DocumentNumber).SingleAsync(ct);

    private async Task<WorkingDayCalendar> CalendarAsync(CancellationToken ct) =>
        _calendar ??= new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));

    private static string Link(Objection objection) => $"objection:{objection.Id}";

    private DateTime Now => clock.UtcNow;

    // Deadlines run on the calendar of the province, not of the server.
    private DateOnly Today => clock.Today;
}
