using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Objections;

[Trait("Category", "Database")]
public sealed class ObjectionWorkflowTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // Thursday 2026-09-24, 10:00 in Shanxi: 中秋节 and the 国庆节 break lie inside both deadlines.
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 9, 24, 2, 0, 0, TimeSpan.Zero));
    private readonly string _files = Directory.CreateTempSubdirectory("cp_attach_").FullName;
    private static readonly Actor Operator = new("operator1", ActorRole.Operator);

    [Fact]
    public async Task Acceptance_is_due_in_two_working_days_and_the_unit_reply_in_ten_across_the_national_day_holiday()
    {
        var (_, service, record, subject, _) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "处罚已撤销，记录有误", []);
        // Fri 09-25 is 中秋节: Mon 28 (1), Tue 29 (2).
        Assert.Equal(new DateOnly(2026, 9, 29), objection.AcceptDueOn);

        objection = await service.AcceptAsync(Operator, objection.Id);
        // 28, 29, 30 (3); 10-01..10-07 off; Thu 8 (4), Fri 9 (5), Sat 10 is an adjusted working day (6); 12, 13, 14, 15 (10).
        Assert.Equal(new DateOnly(2026, 10, 15), objection.UnitDueOn);
    }

    [Fact]
    public async Task A_correction_by_the_records_unit_writes_a_new_version_and_tells_the_subject()
    {
        var (db, service, record, subject, unit) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "罚款金额有误", []);
        await service.AcceptAsync(Operator, objection.Id);
        objection = await service.DecideAsync(UnitActor(unit), objection.Id, ObjectionAction.Correct, "核实后金额应为0.2万元",
            r => ((PenaltyRecord)r).FineFen = 200_000);

        Assert.Equal(ObjectionStatus.Corrected, objection.Status);
        await using var check = database.CreateContext();
        var stored = await check.Records.OfType<PenaltyRecord>().Include(r => r.Versions).SingleAsync(r => r.Id == record.Id);
        Assert.Equal(200_000, stored.FineFen);
        Assert.Equal(2, stored.Version);
        var version = stored.Versions.Single(v => v.Version == 2);
        Assert.Equal(ChangeKind.Corrected, version.Change);
        Assert.Equal("FineFen", version.ChangedFields);
        Assert.Contains(unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), version.ChangedBy, StringComparison.Ordinal);
        var inbox = await check.Notifications.Where(n => n.RecipientKind == RecipientKind.Subject && n.RecipientId == subject.Id.ToString()).ToListAsync();
        Assert.Equal(3, inbox.Count); // submitted, accepted, result
        Assert.Contains(inbox, n => n.TitleZh.Contains("已更正", StringComparison.Ordinal));
        Assert.Equal([null, ObjectionStatus.Submitted, ObjectionStatus.AwaitingSourceUnit],
            (await check.Set<ObjectionEvent>().Where(e => e.ObjectionId == objection.Id).OrderBy(e => e.Id).Select(e => e.From).ToListAsync()));
    }

    [Fact]
    public async Task Deletion_marks_the_record_deleted_and_keeps_its_history()
    {
        var (_, service, record, subject, unit) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "非本单位行为", []);
        await service.AcceptAsync(Operator, objection.Id);
        await service.DecideAsync(UnitActor(unit), objection.Id, ObjectionAction.Delete, "经核查系误报");
        await using var check = database.CreateContext();
        var stored = await check.Records.Include(r => r.Versions).SingleAsync(r => r.Id == record.Id);
        Assert.Equal(LegalStatus.Deleted, stored.Status);
        Assert.Equal(2, stored.Versions.Count);
    }

    [Fact]
    public async Task Upholding_keeps_the_record_and_requires_a_reason()
    {
        var (_, service, record, subject, unit) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "不服", []);
        await service.AcceptAsync(Operator, objection.Id);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(UnitActor(unit), objection.Id, ObjectionAction.Uphold, " "));
        objection = await service.DecideAsync(UnitActor(unit), objection.Id, ObjectionAction.Uphold, "处罚决定合法有效");
        Assert.Equal(ObjectionStatus.Upheld, objection.Status);
        Assert.Equal("处罚决定合法有效", objection.DecisionReason);
    }

    [Fact]
    public async Task Another_unit_may_not_decide_on_a_record_it_did_not_produce()
    {
        var (db, service, record, subject, _) = await ArrangeAsync();
        var other = await TestData.UnitAsync(db, "taxation");
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "记录有误", []);
        await service.AcceptAsync(Operator, objection.Id);
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(UnitActor(other), objection.Id, ObjectionAction.Delete, "删除"));
        Assert.Contains("谁产生、谁负责", refused.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_records_subject_may_object()
    {
        var (db, service, record, _, _) = await ArrangeAsync();
        var stranger = await TestData.SubjectAsync(db);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.SubmitAsync(SubjectActor(stranger), record.Id, "不是我的", []));
    }

    [Theory]
    [InlineData(ObjectionStatus.Submitted, ObjectionAction.Correct)]
    [InlineData(ObjectionStatus.Submitted, ObjectionAction.Delete)]
    [InlineData(ObjectionStatus.Submitted, ObjectionAction.Uphold)]
    [InlineData(ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Accept)]
    [InlineData(ObjectionStatus.AwaitingSourceUnit, ObjectionAction.Reject)]
    [InlineData(ObjectionStatus.Rejected, ObjectionAction.Accept)]
    [InlineData(ObjectionStatus.Corrected, ObjectionAction.Delete)]
    [InlineData(ObjectionStatus.Upheld, ObjectionAction.Withdraw)]
    [InlineData(ObjectionStatus.Withdrawn, ObjectionAction.Accept)]
    public void Transitions_outside_the_state_machine_are_refused(ObjectionStatus from, ObjectionAction action) =>
        Assert.Null(ObjectionStatuses.Next(from, action));

    [Fact]
    public void Every_allowed_transition_is_listed_once()
    {
        var allowed = Enum.GetValues<ObjectionStatus>()
            .SelectMany(s => Enum.GetValues<ObjectionAction>().Select(a => (s, a, next: ObjectionStatuses.Next(s, a))))
            .Where(t => t.next is not null)
            .Select(t => $"{t.s}-{t.a}->{t.next}")
            .ToList();
        Assert.Equal(
        [
            "Submitted-Accept->AwaitingSourceUnit", "Submitted-Reject->Rejected", "Submitted-Withdraw->Withdrawn",
            "AwaitingSourceUnit-Correct->Corrected", "AwaitingSourceUnit-Delete->Deleted", "AwaitingSourceUnit-Uphold->Upheld",
            "AwaitingSourceUnit-Withdraw->Withdrawn",
        ], allowed);
    }

    [Fact]
    public async Task A_unit_may_not_accept_and_a_subject_may_not_decide()
    {
        var (_, service, record, subject, unit) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "有误", []);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.AcceptAsync(UnitActor(unit), objection.Id));
        await service.AcceptAsync(Operator, objection.Id);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(SubjectActor(subject), objection.Id, ObjectionAction.Delete, "删"));
    }

    [Fact]
    public async Task Rejection_needs_a_reason_and_closes_the_objection()
    {
        var (_, service, record, subject, _) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "有误", []);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.RejectAsync(Operator, objection.Id, ""));
        objection = await service.RejectAsync(Operator, objection.Id, "异议理由与记录无关");
        Assert.Equal(ObjectionStatus.Rejected, objection.Status);
        Assert.NotNull(objection.ClosedAt);
    }

    [Fact]
    public async Task A_second_objection_to_a_record_under_objection_is_refused_until_the_first_is_closed()
    {
        var (_, service, record, subject, _) = await ArrangeAsync();
        var first = await service.SubmitAsync(SubjectActor(subject), record.Id, "有误", []);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.SubmitAsync(SubjectActor(subject), record.Id, "再次", []));
        await service.WithdrawAsync(SubjectActor(subject), first.Id);
        var second = await service.SubmitAsync(SubjectActor(subject), record.Id, "再次", []);
        Assert.Equal(ObjectionStatus.Submitted, second.Status);
    }

    [Fact]
    public async Task Attachments_must_be_pdf_png_or_jpeg_by_content_and_within_the_size_limit()
    {
        var (_, service, record, subject, _) = await ArrangeAsync();
        var fake = new AttachmentUpload("evidence.pdf", "application/pdf", "MZ not really a pdf"u8.ToArray());
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.SubmitAsync(SubjectActor(subject), record.Id, "有误", [fake]));
        Assert.Contains("not a PDF, PNG or JPEG", refused.MessageEn, StringComparison.Ordinal);

        var pdf = new AttachmentUpload("../../etc/passwd.pdf", "text/plain", "%PDF-1.7\n%test"u8.ToArray());
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "有误", [pdf]);
        var attachment = Assert.Single(objection.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal("passwd.pdf", attachment.FileName);
        Assert.True(File.Exists(Path.Combine(_files, attachment.Sha256[..2], attachment.Sha256)));
    }

    [Fact]
    public async Task Overdue_steps_are_escalated_to_the_operator_once()
    {
        var (db, service, record, subject, _) = await ArrangeAsync();
        var objection = await service.SubmitAsync(SubjectActor(subject), record.Id, "有误", []);
        Assert.Equal(0, await service.EscalateOverdueAsync());
        _time.Now = new DateTimeOffset(2026, 9, 29, 15, 0, 0, TimeSpan.Zero); // 09-29 23:00 in Shanxi: still the due day
        Assert.Equal(0, await service.EscalateOverdueAsync());
        _time.Now = new DateTimeOffset(2026, 9, 29, 16, 30, 0, TimeSpan.Zero); // 09-30 00:30 in Shanxi: overdue
        Assert.Equal(1, await service.EscalateOverdueAsync());
        Assert.Equal(0, await service.EscalateOverdueAsync());
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Operators && n.TitleZh == "异议处理超期" && n.Link == $"objection:{objection.Id}"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_files, recursive: true);
        }
        catch (IOException)
        {
            // Temp files left behind never fail a test.
        }
    }

    private async Task<(CreditProofDbContext Db, ObjectionService Service, PenaltyRecord Record, Subject Subject, DataSourceUnit Unit)> ArrangeAsync()
    {
        var db = database.CreateContext();
        var unit = await TestData.UnitAsync(db);
        var subject = await TestData.SubjectAsync(db);
        var record = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2026, 3, 10));
        var notifier = new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), _time);
        var service = new ObjectionService(db, new PlatformClock(_time), notifier, new AttachmentStore(_files, maxBytes: 1024), new ObjectionOptions());
        return (db, service, record, subject, unit);
    }

    private static Actor SubjectActor(Subject subject) => new(subject.Code, ActorRole.Subject, SubjectId: subject.Id);

    private static Actor UnitActor(DataSourceUnit unit) => new($"unit-staff@{unit.Id}", ActorRole.UnitStaff, UnitId: unit.Id);
}
