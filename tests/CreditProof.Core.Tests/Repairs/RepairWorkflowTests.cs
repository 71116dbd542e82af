using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Repairs;

[Trait("Category", "Database")]
public sealed class RepairWorkflowTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Applying_before_the_minimum_publicity_period_is_refused_with_the_date_to_come_back()
    {
        var (_, service, subject, unit) = await ArrangeAsync();
        await using var db = database.CreateContext();
        // Order 36 regime, general: three months from 2026-10-01.
        var record = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2026, 10, 1));
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.ApplyAsync(SubjectActor(subject), record.Id, "已缴纳罚款并整改", []));
        Assert.Contains("2027-01-01", refused.MessageZh, StringComparison.Ordinal);
        Assert.Contains("国家发展改革委令第36号", refused.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serious_penalty_under_order_58_may_apply_after_one_year()
    {
        var (_, service, subject, unit) = await ArrangeAsync();
        await using var db = database.CreateContext();
        var young = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2025, 12, 1), r => r.Severity = Severity.Serious);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.ApplyAsync(SubjectActor(subject), young.Id, "已整改", []));
        var old = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2025, 11, 1), r => r.Severity = Severity.Serious);
        var application = await service.ApplyAsync(SubjectActor(subject), old.Id, "已整改", []);
        Assert.Equal(RepairApplicationStatus.Submitted, application.Status);
    }

    [Fact]
    public async Task Approval_by_the_deciding_unit_marks_the_record_repaired_with_a_new_version()
    {
        var (service, subject, unit, record) = await ArrangeWithRecordAsync();
        var application = await service.ApplyAsync(SubjectActor(subject), record.Id, "已全额缴纳罚款，完成整改", []);
        application = await service.DecideAsync(UnitActor(unit), application.Id, RepairAction.Approve, "整改到位，准予修复");
        Assert.Equal(RepairApplicationStatus.Approved, application.Status);

        await using var check = database.CreateContext();
        var stored = await check.Records.Include(r => r.Versions).SingleAsync(r => r.Id == record.Id);
        Assert.Equal(RepairStatus.Repaired, stored.RepairStatus);
        Assert.Equal(new DateOnly(2026, 11, 20), stored.RepairedOn);
        Assert.Equal(LegalStatus.Effective, stored.Status); // repaired records stay (565号), only marked
        Assert.Equal(ChangeKind.Repaired, stored.Versions.Single(v => v.Version == 2).Change);
    }

    [Fact]
    public async Task Another_unit_may_not_decide_a_repair()
    {
        var (service, subject, _, record) = await ArrangeWithRecordAsync();
        await using var db = database.CreateContext();
        var other = await TestData.UnitAsync(db, "taxation");
        var application = await service.ApplyAsync(SubjectActor(subject), record.Id, "已整改", []);
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(UnitActor(other), application.Id, RepairAction.Approve, "同意"));
        Assert.Contains("谁认定、谁修复", refused.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_cannot_be_decided_twice()
    {
        var (service, subject, unit, record) = await ArrangeWithRecordAsync();
        var application = await service.ApplyAsync(SubjectActor(subject), record.Id, "已整改", []);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(UnitActor(unit), application.Id, RepairAction.Refuse, ""));
        await service.DecideAsync(UnitActor(unit), application.Id, RepairAction.Refuse, "罚款尚未缴清");
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.DecideAsync(UnitActor(unit), application.Id, RepairAction.Approve, "同意"));
    }

    [Theory]
    [InlineData(RepairApplicationStatus.Approved, RepairAction.Refuse)]
    [InlineData(RepairApplicationStatus.Refused, RepairAction.Approve)]
    [InlineData(RepairApplicationStatus.Withdrawn, RepairAction.Approve)]
    [InlineData(RepairApplicationStatus.Approved, RepairAction.Withdraw)]
    public void Closed_applications_allow_no_transition(RepairApplicationStatus from, RepairAction action) =>
        Assert.Null(RepairApplicationStatuses.Next(from, action));

    private async Task<(CreditProofDbContext Db, RepairService Service, Subject Subject, DataSourceUnit Unit)> ArrangeAsync()
    {
        var db = database.CreateContext();
        var unit = await TestData.UnitAsync(db);
        var subject = await TestData.SubjectAsync(db);
        var notifier = new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), _time);
        return (db, new RepairService(db, new PlatformClock(_time), notifier, new AttachmentStore(Directory.CreateTempSubdirectory("cp_repair_files_").FullName, 1024), new RepairOptions()), subject, unit);
    }

    private async Task<(RepairService Service, Subject Subject, DataSourceUnit Unit, PenaltyRecord Record)> ArrangeWithRecordAsync()
    {
        var (db, service, subject, unit) = await ArrangeAsync();
        var record = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2025, 6, 1));
        return (service, subject, unit, record);
    }

    private static Actor SubjectActor(Subject subject) => new(subject.Code, ActorRole.Subject, SubjectId: subject.Id);

    private static Actor UnitActor(DataSourceUnit unit) => new($"unit-staff@{unit.Id}", ActorRole.UnitStaff, UnitId: unit.Id);
}
